import Foundation
import SiameseEngine
import Testing

@Suite struct TrainingTests {
  /// Same-class and different-class pairs over `classes`, in a fixed order.
  func pairs(for classes: [Int]) -> (pairs: [(Int, Int)], labels: [Float]) {
    var pairs: [(Int, Int)] = []
    var labels: [Float] = []
    for i in classes.indices {
      for j in classes.indices where j > i && (j - i) % 3 != 0 {
        pairs.append((i, j))
        labels.append(classes[i] == classes[j] ? 1 : 0)
      }
    }
    return (pairs, labels)
  }

  /// Bright-left against bright-right 12×12 images: a separable problem, so full-batch Adam
  /// must drive the loss far below ln 2 ≈ 0.693 (chance). The bound 0.1 leaves a wide margin
  /// over the value reached (0.034) while failing for an engine that does not learn.
  @Test func lossFallsBelowBoundOnSeparableProblem() {
    let (images, classes) = separableImages(size: 12, perClass: 4, seed: 3)
    let (pairs, labels) = pairs(for: classes)
    var network = SiameseNetwork(configuration: .small(), seed: 5)
    var optimizer = Adam(learningRate: 1e-2)
    let initial = network.loss(images: images, pairs: pairs, labels: labels)
    for _ in 0..<150 {
      network.trainStep(images: images, pairs: pairs, labels: labels, optimizer: &optimizer)
    }
    let final = network.loss(images: images, pairs: pairs, labels: labels)
    print("separable problem: loss \(initial) -> \(final) after 150 steps")
    #expect(initial > 0.5)
    #expect(final < 0.1)
  }

  @Test func sameSeedGivesBitIdenticalWeights() {
    let (images, classes) = separableImages(size: 12, perClass: 3, seed: 4)
    let (pairs, labels) = pairs(for: classes)
    func train() -> [Tensor] {
      var network = SiameseNetwork(configuration: .small(), seed: 9)
      var optimizer = Adam(learningRate: 1e-2)
      for _ in 0..<10 {
        network.trainStep(images: images, pairs: pairs, labels: labels, optimizer: &optimizer)
      }
      return network.parameters
    }
    let first = train()
    let second = train()
    #expect(first == second)
    #expect(first != SiameseNetwork(configuration: .small(), seed: 9).parameters)
  }

  @Test func seedsChangeTheInitialisationAndBiasesStartAtZero() {
    let a = SiameseNetwork(configuration: .small(), seed: 1)
    let b = SiameseNetwork(configuration: .small(), seed: 2)
    #expect(a.parameters[0] != b.parameters[0])
    for (name, tensor) in zip(a.parameterNames, a.parameters) where name.hasSuffix(".bias") {
      #expect(tensor.scalars.allSatisfy { $0 == 0 }, "\(name) should start at zero")
    }
    // Glorot-uniform limit for conv1 (3×3, 1 → 4 channels): sqrt(6 / (9 + 36)).
    let limit = (6.0 / 45.0).squareRoot()
    #expect(a.parameters[0].scalars.allSatisfy { abs(Double($0)) <= limit })
    #expect(a.parameters[0].scalars.contains { abs(Double($0)) > limit / 2 })
  }

  /// One Adam step from zero moments moves every weight by −lr·sign(g)·|g| / (|g| + ε′) with
  /// ε′ = ε / sqrt(1 − β2): i.e. by almost exactly the learning rate, against the gradient.
  @Test func adamFirstStepMatchesKerasFormula() {
    var parameters = [Tensor(shape: [3], scalars: [1, -1, 0.5])]
    let gradients = [Tensor(shape: [3], scalars: [0.5, -2, 0])]
    var optimizer = Adam(learningRate: 0.1)
    optimizer.update(&parameters, gradients: gradients)
    #expect(optimizer.step == 1)
    // alpha = 0.1·sqrt(0.001)/0.1; m = 0.1·g; v = 0.001·g²; update = alpha·m/(sqrt(v) + 1e-7).
    let expected = zip([Float(1), -1, 0.5], [Float(0.5), -2, 0]).map { w, g -> Float in
      let alpha = Float(0.1 * (0.001 as Double).squareRoot() / 0.1)
      let m = 0.1 * g
      let v = 0.001 * g * g
      return w - m * alpha / (v.squareRoot() + 1e-7)
    }
    for (actual, wanted) in zip(parameters[0].scalars, expected) {
      #expect(abs(actual - wanted) <= 1e-6)
    }
    #expect(abs(parameters[0].scalars[0] - 0.9) < 1e-4)
    #expect(parameters[0].scalars[2] == 0.5)
  }
}

/// Work is split into image tasks whose number does not depend on the thread count, and
/// partial sums are added in task order, so the thread count must not change a single bit.
/// Serialised because it changes the process-wide thread count (which other tests would
/// only feel as a change of speed).
@Suite(.serialized) struct ThreadCountTests {
  @Test func oneAndTwoThreadsTrainToIdenticalWeights() {
    let (images, _) = separableImages(size: 12, perClass: 5, seed: 8)
    let pairs = (0..<10).map { ($0, ($0 + 3) % 10) }
    let labels = (0..<10).map { Float($0 % 2) }
    let original = BLASRuntime.configure().threads
    defer { BLASRuntime.configure(threads: original) }
    func train(threads: Int) -> [Tensor] {
      BLASRuntime.configure(threads: threads)
      var network = SiameseNetwork(configuration: checkConfiguration1Channel, seed: 4)
      var optimizer = Adam(learningRate: 1e-2)
      for _ in 0..<5 {
        network.trainStep(images: images, pairs: pairs, labels: labels, optimizer: &optimizer)
      }
      return network.parameters
    }
    #expect(train(threads: 1) == train(threads: 2))
  }
}

/// `checkConfiguration` on one channel and 12×12 inputs.
let checkConfiguration1Channel = TowerConfiguration(
  inputSize: 12, channels: 1, convolutions: checkConfiguration.convolutions, embeddingSize: 10,
  denseL2: 1e-3)
