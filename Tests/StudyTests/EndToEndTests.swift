import Foundation
import Study
import TestSupport
import Testing

/// Full runs on a tiny phantom set: what a report folder must hold.
@Suite(.serialized) struct EndToEndTests {
  @Test func fullRunWritesEveryReportFile() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }

    let outcome = try fixture.run()
    let folder = outcome.reportFolder
    #expect(outcome.reportWritten)
    #expect(outcome.stages.map(\.name) == StageName.allCases.map(\.rawValue))
    #expect(outcome.stages.allSatisfy { $0.action == "run" })

    let markdown = try ReportFiles.text(folder, "report.md")
    let html = try ReportFiles.text(folder, "report.html")
    #expect(html.contains("<html"))
    for heading in [
      "Parameters", "Data", "Split", "Pairs", "N-way one-shot test", "Unknown class",
      "Run information",
    ] {
      #expect(markdown.contains(". \(heading)\n"), "report.md lacks the section \(heading)")
    }

    // the report stage has its own row in the stage table; the run used one thread
    #expect(markdown.contains("| report | run | "), "report.md lacks the report stage's row")
    #expect(markdown.contains(", 1 thread |"), "report.md does not count one thread singular")
    // trials share images (100 trials × 6 candidates over 48 test images), said in so many words
    #expect(
      markdown.contains(
        "At 5-way the 48 test images of trained classes each take part in about 13 trials"))
    // real (not demo) data: the demo settings are marked as unused
    #expect(markdown.contains("`demo.imagesPerClass` | `8` | ● (default `60`) not used"))
    #expect(!markdown.contains(") ."), "report.md has a space before a full stop")
    #expect(markdown.contains(" %)."), "report.md lacks the assignment accuracy's chance")

    let links = ReportFiles.imageLinks(markdown)
    #expect(links.count >= 5, "report.md references only \(links)")
    for link in links {
      #expect(link.hasPrefix("figures/"), "\(link) is not in figures/")
      #expect(ReportFiles.isPNG(folder.appendingPathComponent(link)), "\(link) is not a PNG")
    }
    let figures = try FileManager.default.contentsOfDirectory(
      atPath: folder.appendingPathComponent("figures").path)
    #expect(!figures.isEmpty && figures.allSatisfy { $0.hasSuffix(".png") })

    for name in ["model.json", "weights.safetensors", "prototypes.safetensors"] {
      #expect(
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("model/" + name).path),
        "model/\(name) is missing")
    }
    let model = try ReportFiles.json(folder, "model/model.json")
    #expect(model["classes"] as? [String] == ["Bacteria", "COVID-19", "Normal"])
  }

  @Test func metricsFollowTheSchema() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let folder = try fixture.run().reportFolder

    let metrics = try ReportFiles.json(folder, "metrics.json")
    #expect(metrics["schema"] as? String == "siamese-report/metrics")
    #expect(metrics["schemaVersion"] as? Int == 1)

    let rows = try #require(metrics["nway"] as? [[String: Any]])
    let scorers = Set(rows.compactMap { $0["scorer"] as? String })
    #expect(scorers == ["siamese", "untrained", "pixels", "image-stats"])
    let splits = Set(rows.compactMap { $0["split"] as? String })
    #expect(splits == ["test", "train"])
    #expect(Set(rows.compactMap { $0["n"] as? Int }) == [2, 5])
    for row in rows {
      let accuracy = try #require(row["accuracy"] as? Double)
      let interval = try #require(row["ci95"] as? [Double])
      let trials = try #require(row["trials"] as? Int)
      let correct = try #require(row["correct"] as? Int)
      #expect(interval.count == 2)
      #expect(interval[0] <= accuracy && accuracy <= interval[1], "row \(row)")
      #expect(0 <= interval[0] && interval[1] <= 1)
      #expect(trials == 100)
      #expect(abs(Double(correct) / Double(trials) - accuracy) < 1e-12)
    }

    let assignment = try #require(metrics["assignment"] as? [String: Any])
    #expect(assignment["split"] as? String == "test")
    let assignmentAccuracy = try #require(assignment["accuracy"] as? Double)
    #expect((0...1).contains(assignmentAccuracy))
    #expect(assignment["confusion"] != nil)

    let unknown = try #require(metrics["unknown"] as? [String: Any])
    #expect(unknown["heldOut"] as? [String] == ["Virus"])
    let auroc = try #require(unknown["auroc"] as? Double)
    #expect((0...1).contains(auroc))
    let flagged = try #require(unknown["flaggedAtThreshold"] as? Double)
    #expect((0...1).contains(flagged))

    let training = try #require(metrics["training"] as? [String: Any])
    #expect(training["steps"] as? Int == 4)
    #expect((training["bestEpoch"] as? Int).map { (0...2).contains($0) } == true)
    #expect(training["bestValidationLoss"] as? Double != nil)
    #expect(training["seconds"] as? Double != nil)
  }

  @Test func splitCSVKeepsEveryGroupInOneSplit() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let folder = try fixture.run().reportFolder

    let header = try ReportFiles.text(folder, "split.csv").split(separator: "\n").first
    #expect(header == "file,class,group,split")
    let rows = try ReportFiles.splitRows(folder)
    #expect(rows.count == 4 * StudyFixture.perClass)
    var splitOfGroup: [String: Set<String>] = [:]
    for row in rows {
      #expect(row.count == 4, "row \(row)")
      #expect(["train", "validation", "test"].contains(row[3]), "row \(row)")
      #expect(row[0].hasPrefix(row[1] + "/"))
      splitOfGroup[row[2], default: []].insert(row[3])
    }
    let straddling = splitOfGroup.filter { $0.value.count > 1 }
    #expect(straddling.isEmpty, "groups in two splits: \(straddling)")
    // The phantom set gives two images to every fifth patient; each such pair is one group.
    #expect(splitOfGroup.count < rows.count)

    for name in ["Bacteria", "COVID-19", "Normal"] {
      let train = rows.filter { $0[1] == name && $0[3] == "train" }.count
      let validation = rows.filter { $0[1] == name && $0[3] == "validation" }.count
      // A class may end an image short of a target rather than split a patient.
      #expect(
        (3...4).contains(train) && (3...4).contains(validation),
        "\(name): \(train) train, \(validation) validation")
    }
  }

  /// No --data and nothing under data/: the run uses the built-in phantoms and says so.
  @Test func withoutDataTheDemoSetIsUsedAndLabelledSynthetic() throws {
    let root = try TemporaryDirectory.make(prefix: "study-demo")
    defer { try? FileManager.default.removeItem(at: root) }
    var configuration = StudyFixture.tinyConfiguration
    configuration.demo.imagesPerClass = 14
    let request = RunRequest(configuration: configuration, projectRoot: root)

    let outcome = try StudyRunner.run(request, log: Log(quiet: true))
    #expect(outcome.reportFolder.path == root.appendingPathComponent("reports/demo").path)
    let markdown = try ReportFiles.text(outcome.reportFolder, "report.md")
    #expect(markdown.contains("This report uses synthetic data"))
    #expect(!markdown.contains("not used: the data is not the demo set"))
    let metrics = try ReportFiles.json(outcome.reportFolder, "metrics.json")
    let dataset = try #require(metrics["dataset"] as? [String: Any])
    #expect(dataset["synthetic"] as? Bool == true)
    #expect(dataset["images"] as? Int == 4 * 14)
  }

  /// A run that fails at the report (here: a template with a typo) leaves the previous report
  /// exactly as it was, and the error lists the valid placeholders.
  @Test func failedRunLeavesThePreviousReport() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    try fixture.run()
    let before = try FolderSnapshot.files(in: fixture.output)

    let typo = ReportTemplate(text: "# {{title}}\n\n{{figure.nwy}}\n", source: "mine.md")
    do {
      try fixture.run(template: typo)
      Issue.record("an unknown placeholder must stop the run")
    } catch let error as StudyError {
      #expect(error.description.contains("mine.md"))
      #expect(error.description.contains("unknown placeholder 'figure.nwy'"))
      #expect(error.description.contains("figure.nway"))
    }
    #expect(try FolderSnapshot.files(in: fixture.output) == before, "the previous report changed")
  }
}
