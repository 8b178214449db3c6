import Evaluation
import Foundation
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

  init(network: SiameseNetwork, data: PreparedData, images: [Int], name: String) {
    self.images = images
    let embeddings = network.embed(data.tensor(of: images))
    let head = network.headParameters
    scorer = VectorScorer(
      name: name, dimension: network.configuration.embeddingSize, vectors: embeddings.scalars,
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
