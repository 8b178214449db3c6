import Foundation
import Imaging
import Phantoms
import Randomness
import Testing

/// The difficulty contract of the demo data: a raw-pixel nearest neighbour must do clearly
/// better than chance (0.05) at 20-way one-shot, and clearly worse than a solved task. With the
/// current generator it measures 0.13; the bounds are wide so that tuning the look of the
/// phantoms does not break the test, while a generator that makes the task trivial or hopeless
/// does.
@Test func pixelBaselineIsWellAboveChanceAndWellBelowSolved() {
  let accuracy = pixelBaselineAccuracy(perClass: 40, trials: 1000, seed: 7)
  print("phantom pixel baseline, 20-way one-shot, 40 per class, 1000 trials:", accuracy)
  #expect(accuracy > 0.1)
  #expect(accuracy < 0.9)
}

/// The same contract on the classes the default demo study scores (Virus is held out there):
/// measured 0.135. The upper bound is tighter because the trained network has to clear the
/// pixels by a margin in that study (about 26 % against 11 % for seeds 1 to 3).
@Test func pixelBaselineOnTheThreeDemoTrainingClasses() {
  let accuracy = pixelBaselineAccuracy(
    perClass: 40, trials: 1000, seed: 7, classes: ["Normal", "Bacteria", "COVID-19"])
  print("phantom pixel baseline, 3 classes, 20-way one-shot, 40 per class, 1000 trials:", accuracy)
  #expect(accuracy > 0.08)
  #expect(accuracy < 0.5)
}

/// 20-way one-shot with negative L1 distance on 100 x 100 equalised gray images. Each trial
/// draws a query, one other image of its class and 19 images of other classes; the trial is
/// correct when the same-class image is strictly the nearest. `classes` are the phantom classes
/// that take part (40 images each when `perClass` is 40).
func pixelBaselineAccuracy(
  perClass: Int, trials: Int, seed: UInt64, classes: [String] = Phantoms.classNames
) -> Double {
  let preprocessing = Preprocessing()
  var images: [[Float]] = []
  var labels: [Int] = []
  for (label, name) in classes.enumerated() {
    for index in 0..<perClass {
      let phantom = Phantoms.image(className: name, index: index, seed: 1)
      images.append(preprocessing.apply(phantom).samples)
      labels.append(label)
    }
  }
  var distance = [Float](repeating: 0, count: images.count * images.count)
  for i in images.indices {
    for j in (i + 1)..<images.count {
      var sum: Float = 0
      for k in images[i].indices { sum += abs(images[i][k] - images[j][k]) }
      distance[i * images.count + j] = sum
      distance[j * images.count + i] = sum
    }
  }

  var rng = TestRandom(seed: seed)
  var correct = 0
  var perClass = [Int](repeating: 0, count: classes.count)
  var perClassTrials = perClass
  defer { print("per class correct/trials:", zip(perClass, perClassTrials).map { "\($0)/\($1)" }) }
  for _ in 0..<trials {
    let query = rng.below(images.count)
    let sameClass = images.indices.filter { labels[$0] == labels[query] && $0 != query }
    let others = images.indices.filter { labels[$0] != labels[query] }
    let match = sameClass[rng.below(sameClass.count)]
    var best = distance[query * images.count + match]
    var won = true
    for _ in 0..<19 {
      let other = others[rng.below(others.count)]
      if distance[query * images.count + other] <= best {
        won = false
        best = distance[query * images.count + other]
      }
    }
    if won {
      correct += 1
      perClass[labels[query]] += 1
    }
    perClassTrials[labels[query]] += 1
  }
  return Double(correct) / Double(trials)
}

/// Test sampling draws from the program's generator with a seed of its own.
typealias TestRandom = SplitMix64

extension SplitMix64 {
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// Writes a 4 x 6 grid of phantoms (one class per row) to the path in PHANTOMS_GRID, for a
/// person to look at. Does nothing when the variable is unset.
@Test func writeSampleGridWhenAsked() throws {
  guard let path = ProcessInfo.processInfo.environment["PHANTOMS_GRID"] else { return }
  let size = 128
  let columns = 6
  var grid = Raster(
    width: size * columns, height: size * Phantoms.classNames.count, channels: 1,
    samples: Array(repeating: 0, count: size * columns * size * Phantoms.classNames.count))
  for (row, name) in Phantoms.classNames.enumerated() {
    for column in 0..<columns {
      let image = Phantoms.image(className: name, index: column, seed: 1, size: size)
      for y in 0..<size {
        for x in 0..<size { grid[column * size + x, row * size + y] = image[x, y] }
      }
    }
  }
  try PNGWriter.write(grid, to: URL(fileURLWithPath: path))
}
