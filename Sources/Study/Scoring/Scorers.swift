import Evaluation

/// Similarity of two images from cached per-image vectors; higher means more alike.
///
/// Trials cost no image work: every vector is computed once, before the trials.
///
/// The score is a weighted L1 distance: `bias + Σ wᵢ·|aᵢ − bᵢ|`. With every weight −1 and no
/// bias it is the negative L1 distance (the pixel and shortcut baselines); with the Siamese
/// head's weights and bias it is the head's logit, whose sigmoid is the network's similarity.
public struct VectorScorer: Sendable {
  public let name: String
  public let dimension: Int
  /// count × dimension, row-major
  public let vectors: [Float]
  /// per-dimension weights; nil means −1 for every dimension
  public let weights: [Float]?
  public let bias: Double

  public init(
    name: String, dimension: Int, vectors: [Float], weights: [Float]? = nil, bias: Double = 0
  ) {
    precondition(
      dimension > 0 && vectors.count % dimension == 0, "vectors do not fill rows of \(dimension)")
    precondition(weights == nil || weights!.count == dimension, "one weight per dimension")
    self.name = name
    self.dimension = dimension
    self.vectors = vectors
    self.weights = weights
    self.bias = bias
  }

  public var count: Int { vectors.count / dimension }

  /// The score of items `a` and `b`; higher means more alike. Accumulated in Double.
  public func score(_ a: Int, _ b: Int) -> Double {
    vectors.withUnsafeBufferPointer { buffer in
      let (offsetA, offsetB) = (a * dimension, b * dimension)
      var sum = 0.0
      if let weights {
        for i in 0..<dimension {
          sum += Double(weights[i] * abs(buffer[offsetA + i] - buffer[offsetB + i]))
        }
        return bias + sum
      }
      for i in 0..<dimension {
        sum += Double(abs(buffer[offsetA + i] - buffer[offsetB + i]))
      }
      return -sum
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
      let variance =
        values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(values.count, 1))
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
        let estimate = NWayTrials.evaluate(built, generator: &ties, score: scorer.score)
        results.append(NWayResult(scorer: scorer.name, split: split, n: n, estimate: estimate))
      }
    }
    return (results, skipped)
  }
}
