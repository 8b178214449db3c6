import Foundation
import Imaging
import SiameseEngine
import Study

/// `siamese-report predict --model DIR IMAGE...`: the most similar class of each image, its
/// similarity to every class and whether it is flagged as unknown. An image that cannot be
/// decoded is named on stderr (and, with `--json`, listed with an "error") and the others are
/// still classified; the exit code is then 3.
enum PredictCommand {
  static func run(_ parsed: ParsedArguments) throws -> Int32 {
    guard let modelPath = parsed.value("model") else {
      throw UsageError(
        message: "predict needs --model DIR (the model/ folder of a report)", command: "predict")
    }
    guard !parsed.positional.isEmpty else {
      throw UsageError(message: "predict needs at least one image file", command: "predict")
    }
    let threads = try integerOption(parsed, "threads", range: 1...64) ?? 2
    _ = BLASRuntime.configure(threads: threads)
    let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let model = try ModelFolder.load(from: URL(fileURLWithPath: modelPath, relativeTo: cwd))
    let files = parsed.positional.map { URL(fileURLWithPath: $0, relativeTo: cwd) }

    let outcomes = Predictor(model: model).predict(
      files: files, includeEmbedding: parsed.has("embedding"))

    // stderr names every bad file in both modes: with --json the reason is also in the
    // document, but a person at the terminal should not have to read it to see what failed
    let json = parsed.has("json")
    for outcome in outcomes {
      switch outcome {
      case .predicted(let prediction):
        if !json { print(text(prediction, classes: model.description.classes)) }
      case .failed(_, let error):
        CommandLineTool.printError("cannot use image \(error.description)")
      }
    }
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
      print(String(decoding: try encoder.encode(outcomes), as: UTF8.self))
    }
    let failed = outcomes.contains { $0.prediction == nil }
    return failed ? CommandLineTool.ExitCode.fixableInput : CommandLineTool.ExitCode.success
  }

  static func text(_ p: Prediction, classes: [String]) -> String {
    let scores = classes.map { String(format: "%@ %.3f", $0, p.similarities[$0] ?? 0) }
    var line =
      "\(p.file): \(p.predictedClass)"
      + (p.unknown ? String(format: " — UNKNOWN (best similarity below %.3f)", p.threshold) : "")
      + "\n  similarity: " + scores.joined(separator: ", ")
    if let embedding = p.embedding {
      line +=
        "\n  embedding: " + embedding.map { String(format: "%.6g", $0) }.joined(separator: " ")
    }
    return line
  }
}
