import Foundation
import Imaging
import SiameseEngine
import Study

/// `siamese-report predict --model DIR IMAGE...`: the most similar class of each image, its
/// similarity to every class and whether it is flagged as unknown.
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

    let predictions: [Prediction]
    do {
      predictions = try Predictor(model: model).predict(
        files: files, includeEmbedding: parsed.has("embedding"))
    } catch let error as ImageError {
      CommandLineTool.printError("cannot use image \(error.description)")
      return CommandLineTool.ExitCode.fixableInput
    }

    if parsed.has("json") {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
      print(String(decoding: try encoder.encode(predictions), as: UTF8.self))
    } else {
      for prediction in predictions { print(text(prediction, classes: model.description.classes)) }
    }
    return CommandLineTool.ExitCode.success
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
