import Evaluation
import Foundation
import Pipeline
import SiameseEngine

/// Class assignment, unknown-class flagging and the PCA map, from the trained network's
/// embeddings.
public struct AssignmentMetrics: Sendable, Codable, Equatable {
  public var split: String
  /// how a class score is formed from similarities to the class's training images
  public var rule: String
  public var classes: [String]
  public var accuracy: Double
  /// [true class][predicted class]
  public var confusion: [[Int]]
  /// per class; nil when the class was never predicted (precision) or has no images (recall)
  public var precision: [Double?]
  public var recall: [Double?]
}

public struct UnknownMetrics: Sendable, Codable, Equatable {
  public var split: String
  public var heldOut: [String]
  public var auroc: Double
  /// share of held-out-class test images flagged as unknown at the threshold
  public var flaggedAtThreshold: Double
  /// share of known-class test images wrongly flagged at the same threshold
  public var knownFlaggedAtThreshold: Double
  /// the highest-class-score threshold: below it an image is flagged as unknown
  public var threshold: Double
  public var validationImages: Int
  public var knownTestImages: Int
  public var unknownTestImages: Int
  public var roc: ROCCurve
}

/// 2-D PCA coordinates of the test embeddings, with training images placed on the same axes.
public struct EmbeddingMap: Sendable, Codable, Equatable {
  public struct Point: Sendable, Codable, Equatable {
    public var x: Double
    public var y: Double
    /// class index into the study's classes
    public var label: Int
    /// "test" or "train"
    public var split: String
  }

  public var explainedVarianceRatio: [Double]
  public var points: [Point]
}

/// Embeddings of a set of images with the scorer that compares them.
struct EmbeddedImages {
  /// image indices (into the prepared data), in embedding order
  let images: [Int]
  let scorer: VectorScorer
  let position: [Int: Int]

  /// Embeds `images` in chunks, reporting progress and checking for Ctrl-C between chunks so
  /// that a long embedding pass can be interrupted within a second or two.
  init(
    network: SiameseNetwork, data: PreparedData, images: [Int], name: String, log: Log? = nil
  ) throws {
    self.images = images
    let chunk = 128
    var vectors: [Float] = []
    vectors.reserveCapacity(images.count * network.configuration.embeddingSize)
    for start in stride(from: 0, to: images.count, by: chunk) {
      try Interruption.check()
      let part = Array(images[start..<min(start + chunk, images.count)])
      vectors += network.embed(data.tensor(of: part)).scalars
      log?.progress(
        "embedding (\(name))", done: start + part.count, total: images.count)
    }
    let head = network.headParameters
    scorer = VectorScorer(
      name: name, dimension: network.configuration.embeddingSize, vectors: vectors,
      weights: head.weights, bias: Double(head.bias))
    var position: [Int: Int] = [:]
    for (slot, image) in images.enumerated() { position[image] = slot }
    self.position = position
  }

  /// The network's similarity (sigmoid of the head's logit) of two images, by image index.
  func similarity(_ a: Int, _ b: Int) -> Double {
    let logit = scorer.score(position[a]!, position[b]!)
    return 1 / (1 + exp(-logit))
  }
}
