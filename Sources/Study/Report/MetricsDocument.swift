import Foundation

/// `metrics.json`: every number the report shows, for machines.
///
/// Schema `siamese-report/metrics`, version 1 (documented in docs/metrics.md). Keys are sorted
/// and numbers are written the same way every time, so two runs with the same inputs write the
/// same bytes.
struct MetricsDocument: Codable {
  var schema = "siamese-report/metrics"
  var schemaVersion = 1
  var dataset: DatasetMetrics
  var nway: [NWayResult]
  var assignment: AssignmentMetrics?
  var unknown: UnknownSummary?
  var training: TrainingSummary
  var external: ExternalSummary?

  /// `--external`: the second dataset's assignment and unknown-class figures (its N-way rows
  /// are in `nway` with split "external").
  struct ExternalSummary: Codable {
    var folder: String
    var images: Int
    var rejected: Int
    var matchedClasses: [String]
    var unknownClasses: [String]
    /// files left out as byte-identical to main-dataset images
    var excludedDuplicates: Int
    /// of those, copies of the main dataset's training or validation images
    var excludedTrainOrValidation: Int
    /// distinct images the external N-way trials draw from
    var nwayImages: Int
    var assignment: AssignmentMetrics?
    var unknown: UnknownSummary?
  }

  /// The unknown-class figures without the ROC points (those are in the figure).
  struct UnknownSummary: Codable {
    var split: String
    var heldOut: [String]
    var auroc: Double
    var flaggedAtThreshold: Double
    var knownFlaggedAtThreshold: Double
    var threshold: Double

    init(_ metrics: UnknownMetrics) {
      split = metrics.split
      heldOut = metrics.heldOut
      auroc = metrics.auroc
      flaggedAtThreshold = metrics.flaggedAtThreshold
      knownFlaggedAtThreshold = metrics.knownFlaggedAtThreshold
      threshold = metrics.threshold
    }
  }

  struct TrainingSummary: Codable {
    var steps: Int
    var epochs: Int
    var bestEpoch: Int
    var bestValidationLoss: Double
    var initialValidationLoss: Double
    var learningRateDrops: [Int]
    var stopReason: String
    /// wall time of the training stage; the one number here that differs between two runs
    /// with the same inputs
    var seconds: Double
    var pairsPerSecond: Double
  }

  struct DatasetMetrics: Codable {
    var name: String
    var synthetic: Bool
    var classes: [String]
    var images: Int
    var rejected: Int
    var duplicatePairs: Int
    /// class → split → image count
    var splitCounts: [String: [String: Int]]
  }

  init(_ results: StudyResults) {
    let data = results.prepared
    var counts: [String: [String: Int]] = [:]
    for (index, image) in data.images.enumerated() {
      let split = results.split.splitOfImage[index].rawValue
      counts[image.entry.className, default: [:]][split, default: 0] += 1
    }
    dataset = DatasetMetrics(
      name: results.datasetName, synthetic: results.synthetic, classes: data.classes,
      images: data.images.count, rejected: data.rejected.count,
      duplicatePairs: data.duplicates.count, splitCounts: counts)
    nway = results.nway + (results.external?.nway ?? [])
    external = results.external.map {
      ExternalSummary(
        folder: $0.folder, images: $0.images, rejected: $0.rejected,
        matchedClasses: $0.matchedClasses, unknownClasses: $0.unknownClasses,
        excludedDuplicates: $0.excluded.count,
        excludedTrainOrValidation: $0.excludedTrainOrValidation, nwayImages: $0.nwayImages,
        assignment: $0.assignment, unknown: $0.unknown.map(UnknownSummary.init))
    }
    assignment = results.assignment
    unknown = results.unknown.map(UnknownSummary.init)
    let h = results.history
    training = TrainingSummary(
      steps: h.steps, epochs: h.epochs.count, bestEpoch: h.bestEpoch,
      bestValidationLoss: h.bestValidationLoss, initialValidationLoss: h.initialValidationLoss,
      learningRateDrops: h.learningRateDrops, stopReason: h.stopReason, seconds: h.seconds,
      pairsPerSecond: h.pairsPerSecond)
  }

  func write(to url: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    var data = try encoder.encode(self)
    data.append(0x0A)
    try data.write(to: url)
  }
}
