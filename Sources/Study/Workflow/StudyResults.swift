import Foundation
import SiameseEngine

/// Everything one run found, handed to the report writer. Every table, figure and number in the
/// report is derived from this value, so the report can show nothing the run did not compute.
struct StudyResults {
  var title: String
  var datasetName: String
  var datasetFolder: URL
  var synthetic: Bool
  var configuration: StudyConfiguration
  var configurationSource: String
  var listing: DatasetListing
  var prepared: PreparedData
  var split: SplitAssignment
  /// indices (into prepared.images) of the training images, the items the pair sampler indexes
  var trainImages: [Int]
  var pairSample: PairBatch
  var nway: [NWayResult]
  var nwaySkipped: [String]
  /// labels of the classes that trained (all but the held-out ones)
  var trainedClasses: [Int]
  var history: TrainingHistory
  var layers: [LayerSummary]
  var assignment: AssignmentMetrics?
  var unknown: UnknownMetrics?
  var map: EmbeddingMap?
  var external: ExternalMetrics?
  var stages: [StageRecord]
  var run: RunInformation
  var changes: RunComparison?
}

/// What happened to one stage in this run.
public struct StageRecord: Sendable, Codable, Equatable {
  public let name: String
  /// "run" or "reused"
  public let action: String
  /// why it ran: "no cached result", "parameter nway.trials: 1000 → 500", ...
  public let reason: String
  public let seconds: Double
  /// the stage's key (SHA-256 of its inputs)
  public let key: String
}

/// Facts about the run itself; the only part of a report that may differ between two runs with
/// the same inputs.
public struct RunInformation: Sendable, Codable, Equatable {
  public var programVersion: String
  public var swiftVersion: String
  public var blasCore: String
  public var threads: Int
  public var cpu: String
  public var startedAt: String
  public var seconds: Double
  public var imageCount: Int
  public var dataFingerprint: String
  public var seed: UInt64
}
