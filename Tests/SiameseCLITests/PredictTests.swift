import Foundation
import SiameseCLI
import Study
import Testing

/// `siamese-report predict` on the model folder of a finished run.
@Suite(.serialized) struct PredictTests {
  /// Runs the tiny study through the command line and returns the fixture and its model folder.
  func trainedModel() throws -> (CLIFixture, URL) {
    let fixture = try CLIFixture()
    let config = try fixture.writeConfiguration(CLIFixture.tinyConfiguration)
    let status = CommandLineTool.main([
      "run", "--config", config, "--data", fixture.data.path, "--out", fixture.output.path,
      "--quiet", "--threads", "1",
    ])
    try #require(status == CommandLineTool.ExitCode.success)
    return (fixture, fixture.output.appendingPathComponent("model"))
  }

  @Test func predictorScoresEveryKnownClass() throws {
    let (fixture, model) = try trainedModel()
    defer { fixture.remove() }
    let loaded = try ModelFolder.load(from: model)
    #expect(loaded.description.classes == ["Bacteria", "COVID-19", "Normal"])

    let files = ["Normal/Normal-001.png", "Virus/Virus-002.png"].map {
      fixture.data.appendingPathComponent($0)
    }
    let predictions = Predictor(model: loaded).predict(files: files, includeEmbedding: true)
      .compactMap(\.prediction)
    #expect(predictions.count == 2)
    for prediction in predictions {
      #expect(Set(prediction.similarities.keys) == Set(loaded.description.classes))
      #expect(prediction.similarities.values.allSatisfy { (0...1).contains($0) })
      #expect(loaded.description.classes.contains(prediction.predictedClass))
      let best = prediction.similarities.values.max()!
      #expect(prediction.similarities[prediction.predictedClass] == best)
      #expect(prediction.unknown == (best < prediction.threshold))
      #expect(prediction.embedding?.count == loaded.description.tower.embeddingSize)
    }
  }

  @Test(.enabled(if: Executable.url != nil, Comment(rawValue: Executable.missingReason)))
  func jsonOutputListsEveryClass() throws {
    let (fixture, model) = try trainedModel()
    defer { fixture.remove() }
    let image = fixture.data.appendingPathComponent("COVID-19/COVID-19-003.png").path
    let result = try Executable.run(
      ["predict", "--model", model.path, "--json", image], in: fixture.root)
    #expect(result.status == 0, "stderr: \(result.stderr)")

    let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    let predictions = try #require(parsed as? [[String: Any]], "stdout: \(result.stdout)")
    #expect(predictions.count == 1)
    let prediction = try #require(predictions.first)
    #expect(prediction["file"] as? String == image)
    let similarities = try #require(prediction["similarities"] as? [String: Double])
    #expect(Set(similarities.keys) == ["Bacteria", "COVID-19", "Normal"])
    #expect(similarities.values.allSatisfy { (0...1).contains($0) }, "\(similarities)")
    #expect(prediction["unknown"] is Bool)
    let predicted = try #require(prediction["predictedClass"] as? String)
    #expect(similarities.keys.contains(predicted))
  }

  @Test func missingModelFolderExitsWithThree() throws {
    let fixture = try CLIFixture(perClass: 1)
    defer { fixture.remove() }
    let missing = fixture.root.appendingPathComponent("no-model")
    let image = fixture.data.appendingPathComponent("Normal/Normal-001.png").path
    #expect(
      CommandLineTool.main(["predict", "--threads", "1", "--model", missing.path, image])
        == CommandLineTool.ExitCode.fixableInput)
    do {
      _ = try ModelFolder.load(from: missing)
      Issue.record("a missing model folder must be refused")
    } catch {
      #expect(error.description.contains(missing.path))
    }

    if Executable.url != nil {
      let result = try Executable.run(
        ["predict", "--model", missing.path, image], in: fixture.root)
      #expect(result.status == 3)
      #expect(result.stderr.contains(missing.path), "stderr: \(result.stderr)")
    }
  }

  /// One bad file in a batch is reported and the rest are still classified; the exit code
  /// says that something failed.
  @Test func undecodableImageIsReportedAndTheOthersClassified() throws {
    let (fixture, model) = try trainedModel()
    defer { fixture.remove() }
    let broken = fixture.root.appendingPathComponent("broken-scan.png")
    try Data("this is not a PNG".utf8).write(to: broken)
    let good = fixture.data.appendingPathComponent("Normal/Normal-001.png")
    #expect(
      CommandLineTool.main([
        "predict", "--threads", "1", "--model", model.path, good.path, broken.path,
      ]) == CommandLineTool.ExitCode.fixableInput)

    let outcomes = Predictor(model: try ModelFolder.load(from: model)).predict(
      files: [broken, good], includeEmbedding: false)
    #expect(outcomes.count == 2)
    guard case .failed(let file, let error) = outcomes[0] else {
      Issue.record("the broken file must fail, got \(outcomes[0])")
      return
    }
    #expect(file == broken.path)
    #expect(error.reason == .notAnImage)
    #expect(outcomes[1].prediction?.file == good.path)

    if Executable.url != nil {
      let result = try Executable.run(
        ["predict", "--model", model.path, broken.path, good.path], in: fixture.root)
      #expect(result.status == 3)
      #expect(result.stderr.contains("broken-scan.png"), "stderr: \(result.stderr)")
      #expect(result.stdout.contains(good.path + ": "), "stdout: \(result.stdout)")
    }
  }

  /// With --json a bad file is an entry with an "error", so the output stays one document.
  @Test func jsonListsABadFileWithItsError() throws {
    let (fixture, model) = try trainedModel()
    defer { fixture.remove() }
    let broken = fixture.root.appendingPathComponent("empty-scan.png")
    try Data().write(to: broken)
    let good = fixture.data.appendingPathComponent("Virus/Virus-002.png")
    let outcomes = Predictor(model: try ModelFolder.load(from: model)).predict(
      files: [good, broken], includeEmbedding: false)

    let encoded = try JSONEncoder().encode(outcomes)
    let entries = try #require(
      try JSONSerialization.jsonObject(with: encoded) as? [[String: Any]])
    #expect(entries.count == 2)
    #expect(entries[0]["file"] as? String == good.path)
    #expect(entries[0]["predictedClass"] is String)
    #expect(entries[0]["error"] == nil)
    #expect(entries[1]["file"] as? String == broken.path)
    #expect(entries[1]["error"] as? String == "empty file (0 bytes)")
    #expect(entries[1]["predictedClass"] == nil)

    if Executable.url != nil {
      let result = try Executable.run(
        ["predict", "--model", model.path, "--json", good.path, broken.path], in: fixture.root)
      #expect(result.status == 3)
      let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
      #expect((parsed as? [[String: Any]])?.count == 2, "stdout: \(result.stdout)")
    }
  }

  /// A report folder is the folder a user sees after a run, so the message points to its
  /// model/; a damaged weights file is named by its own path, once.
  @Test func modelFolderMistakesAreExplained() throws {
    let (fixture, model) = try trainedModel()
    defer { fixture.remove() }
    do {
      _ = try ModelFolder.load(from: fixture.output)
      Issue.record("a report folder must be refused")
    } catch {
      #expect(error.description.contains("--model \(model.path)"), "\(error)")
    }

    // a damaged weights file is named once, by its own path
    let weights = model.appendingPathComponent("weights.safetensors")
    try Data("not safetensors".utf8).write(to: weights)
    do {
      _ = try ModelFolder.load(from: model)
      Issue.record("corrupt weights must be refused")
    } catch {
      let text = error.description
      #expect(text.contains(weights.path), "\(text)")
      #expect(text.components(separatedBy: model.path).count == 2, "path repeated: \(text)")
    }
  }
}
