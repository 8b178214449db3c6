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
    nway = results.nway
  }

  func write(to url: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    var data = try encoder.encode(self)
    data.append(0x0A)
    try data.write(to: url)
  }
}
