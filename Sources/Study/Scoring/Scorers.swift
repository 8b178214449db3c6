import Evaluation

/// Similarity of two images from cached per-image vectors; higher means more alike.
///
/// Trials cost no image work: every vector is computed once, before the trials.
public struct VectorScorer: Sendable {
  public let name: String
  public let dimension: Int
  /// count × dimension, row-major
  public let vectors: [Float]

  public init(name: String, dimension: Int, vectors: [Float]) {
    precondition(dimension > 0 && vectors.count % dimension == 0, "vectors do not fill rows of \(dimension)")
    self.name = name
    self.dimension = dimension
    self.vectors = vectors
  }

  /// Negative L1 distance between the vectors of items `a` and `b`.
  public func negativeL1(_ a: Int, _ b: Int) -> Double {
    vectors.withUnsafeBufferPointer { buffer in
      var sum: Float = 0
      let (offsetA, offsetB) = (a * dimension, b * dimension)
      for i in 0..<dimension {
        sum += abs(buffer[offsetA + i] - buffer[offsetB + i])
      }
      return -Double(sum)
    }
  }

  /// The raw-pixel baseline: preprocessed pixels, scored by negative L1 distance.
  public static func pixels(_ data: PreparedData, images: [Int]) -> VectorScorer {
    var vectors: [Float] = []
    vectors.reserveCapacity(images.count * data.imageLength)
    for image in images { vectors += data.pixels(of: image) }
    return VectorScorer(name: "pixels", dimension: data.imageLength, vectors: vectors)
  }

  /// The shortcut check: only each original image's width, height and mean brightness, each
  /// standardised over `images` (zero mean, unit variance) so that no one feature dominates,
  /// scored by negative L1 distance.
  public static func imageStatistics(_ data: PreparedData, images: [Int]) -> VectorScorer {
    let raw: [[Double]] = images.map { index in
      let image = data.images[index]
      return [Double(image.originalWidth), Double(image.originalHeight), image.meanBrightness]
    }
    var vectors = [Float](repeating: 0, count: raw.count * 3)
    for feature in 0..<3 {
      let values = raw.map { $0[feature] }
      let mean = values.reduce(0, +) / Double(max(values.count, 1))
      let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(values.count, 1))
      let scale = variance > 0 ? 1 / variance.squareRoot() : 0
      for (row, value) in values.enumerated() {
        vectors[row * 3 + feature] = Float((value - mean) * scale)
      }
    }
    return VectorScorer(name: "image-stats", dimension: 3, vectors: vectors)
  }
}

/// One row of the N-way results, as in metrics.json.
public struct NWayResult: Sendable, Codable, Equatable {
  /// "siamese", "untrained", "pixels" or "image-stats"
  public let scorer: String
  /// "test", "train" or "external"
  public let split: String
  public let n: Int
  public let trials: Int
  public let correct: Int
  public let accuracy: Double
  /// Wilson 95 % interval [low, high]
  public let ci95: [Double]

  public init(scorer: String, split: String, n: Int, estimate: ProportionEstimate) {
    let interval = estimate.wilsonInterval()
    self.scorer = scorer
    self.split = split
    self.n = n
    trials = estimate.trials
    correct = estimate.successes
    accuracy = estimate.proportion
    ci95 = [interval.lower, interval.upper]
  }

  public var chance: Double { 1 / Double(n) }
}

public enum NWayEvaluation {
  /// Scores identical trials with every scorer, for each N.
  ///
  /// The trials for each N depend only on the seed, the split and N, so every scorer sees the
  /// same trials and reruns see the same ones. N values for which the split has too few images
  /// of other classes are skipped and returned in `skipped` with the reason.
  public static func run(
    labels: [Int], classNames: [String], ways: [Int], trials: Int, seed: UInt64, split: String,
    scorers: [VectorScorer]
  ) -> (results: [NWayResult], skipped: [String]) {
    var results: [NWayResult] = []
    var skipped: [String] = []
    for n in ways {
      var generator = SeededGenerator(seed: seed, purpose: "nway:\(split):\(n)")
      let built: [NWayTrial]
      do {
        built = try NWayTrials.make(
          labels: labels, classNames: classNames, n: n, count: trials, generator: &generator)
      } catch {
        skipped.append("\(n)-way on \(split): \(error.description)")
        continue
      }
      for scorer in scorers {
        var ties = SeededGenerator(seed: seed, purpose: "nway-ties:\(split):\(n):\(scorer.name)")
        let estimate = NWayTrials.evaluate(built, generator: &ties, score: scorer.negativeL1)
        results.append(NWayResult(scorer: scorer.name, split: split, n: n, estimate: estimate))
      }
    }
    return (results, skipped)
  }
}
