import Foundation
import Study
import Testing

/// The folder SIAMESE_XRAY_DIR names, if set. Outside the suite: a suite's traits cannot refer
/// to the suite type itself.
private let realDataFolder = ProcessInfo.processInfo.environment["SIAMESE_XRAY_DIR"].map {
  URL(fileURLWithPath: $0)
}

/// The real chest X-ray sample (`../shared/xray-a`), named by SIAMESE_XRAY_DIR.
///
/// Skipped, with the reason printed by the test runner, when the variable is unset; when it is
/// set the folder must exist, so a CI machine that lost the data fails instead of skipping.
@Suite(
  .serialized,
  .enabled(
    if: realDataFolder != nil,
    "SIAMESE_XRAY_DIR is not set; set it to the xray-a folder to run the real-data tests"))
struct RealDataTests {
  static let classes = ["Bacteria", "COVID-19", "Normal", "Virus"]

  func existingFolder() throws -> URL {
    let folder = try #require(realDataFolder)
    var isFolder: ObjCBool = false
    try #require(
      FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder)
        && isFolder.boolValue,
      "SIAMESE_XRAY_DIR names \(folder.path), which is not a folder")
    return folder
  }

  @Test func scanFindsTheFourClassesAndTheirPatients() throws {
    let listing = try DatasetListing.scan(existingFolder())
    #expect(listing.classes == Self.classes)
    #expect(listing.entries.count == 1972)
    #expect(listing.metadataFile != nil)
    let withoutPatient = listing.entries.filter { $0.patientID == nil }
    #expect(withoutPatient.isEmpty, "\(withoutPatient.count) images have no patient id")
    let patients = Set(listing.entries.compactMap(\.patientID))
    #expect(patients.count > 100 && patients.count < listing.entries.count)
    for name in Self.classes {
      #expect(listing.entries.contains { $0.className == name }, "no image of \(name)")
    }
  }

  /// A run of the default recipe with a tiny network and few trials: the split must keep each
  /// patient in one split, and the report must carry its data, split and unknown sections.
  @Test func quickRunKeepsPatientsInOneSplit() throws {
    let data = try existingFolder()
    let fixture = try StudyFixture(existingData: data)
    defer { fixture.remove() }
    var configuration = StudyConfiguration()
    configuration.threads = StudyFixture.tinyConfiguration.threads
    configuration.training.network = "small"
    configuration.training.maxEpochs = 1
    configuration.training.stepsPerEpoch = 1
    configuration.training.validationPairs = 30
    configuration.nway.trials = 50

    let outcome = try fixture.run(configuration)
    let folder = outcome.reportFolder

    let listing = try DatasetListing.scan(data)
    let patientOf = Dictionary(
      uniqueKeysWithValues: listing.entries.map { ($0.file, $0.patientID ?? $0.file) })
    var splitsOfPatient: [String: Set<String>] = [:]
    var splitsOfGroup: [String: Set<String>] = [:]
    let rows = try csvRows(ReportFiles.text(folder, "split.csv"))
    #expect(rows.count > 1900, "split.csv has \(rows.count) rows")
    for row in rows {
      let patient = try #require(patientOf[row[0]], "split.csv names \(row[0])")
      splitsOfPatient[patient, default: []].insert(row[3])
      splitsOfGroup[row[2], default: []].insert(row[3])
    }
    let straddling = splitsOfPatient.filter { $0.value.count > 1 }
    #expect(straddling.isEmpty, "patients in two splits: \(straddling.prefix(5))")
    #expect(splitsOfGroup.allSatisfy { $0.value.count == 1 })

    let markdown = try ReportFiles.text(folder, "report.md")
    for heading in ["Data", "Split", "Unknown class"] {
      #expect(markdown.contains(". \(heading)\n"), "report.md lacks the section \(heading)")
    }
    let metrics = try ReportFiles.json(folder, "metrics.json")
    let dataset = try #require(metrics["dataset"] as? [String: Any])
    // The sample holds a few images that appear in two sources under different names.
    let duplicates = try #require(dataset["duplicatePairs"] as? Int)
    #expect(duplicates > 0, "no duplicates found in the real sample")
    #expect(markdown.contains("### Duplicate images"), "duplicates are not listed")
    let unknown = try #require(metrics["unknown"] as? [String: Any])
    #expect(unknown["heldOut"] as? [String] == ["Virus"])
  }

  /// RFC 4180 rows without the header; real file names may hold commas and quotes.
  func csvRows(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var characters = text.makeIterator()
    var pending: Character? = nil
    while let c = pending ?? characters.next() {
      pending = nil
      if quoted {
        if c == "\"" {
          if let next = characters.next() {
            if next == "\"" {
              field.append("\"")
            } else {
              quoted = false
              pending = next
            }
          } else {
            quoted = false
          }
        } else {
          field.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        row.append(field)
        field = ""
      } else if c == "\n" {
        row.append(field)
        rows.append(row)
        row = []
        field = ""
      } else {
        field.append(c)
      }
    }
    return Array(rows.dropFirst())
  }
}
