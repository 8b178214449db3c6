import Evaluation
import Foundation
import Imaging
import SiameseEngine

/// What a trained model says about one image.
public struct Prediction: Sendable, Codable, Equatable {
  public let file: String
  /// the class with the highest score
  public let predictedClass: String
  /// class name → mean similarity (0–1) to that class's prototypes
  public let similarities: [String: Double]
  /// true when the highest similarity is below the model's threshold
  public let unknown: Bool
  public let threshold: Double
  public let embedding: [Float]?
}

/// Classifies new images with a model folder, by the same rule the report used.
public struct Predictor: Sendable {
  public let model: ModelFolder.Loaded

  public init(model: ModelFolder.Loaded) {
    self.model = model
  }

  /// Decodes, preprocesses and embeds `files`, then scores each against the prototypes.
  ///
  /// A file that cannot be decoded does not stop the others: its outcome is `.failed`, so that
  /// one bad scan in a batch still leaves the rest classified.
  /// - Returns: one outcome per file, in the order of `files`.
  public func predict(files: [URL], includeEmbedding: Bool) -> [PredictionOutcome] {
    let settings = model.description.preprocessing
    let preprocessing = Preprocessing(
      size: settings.size, channels: settings.channels, equalize: settings.equalize)
    var scalars: [Float] = []
    var decoded: [URL] = []
    var failures: [Int: ImageError] = [:]
    for (index, file) in files.enumerated() {
      do {
        let raster = try ImageDecoder.decode(file: file, pixelLimit: settings.maxPixels)
        scalars += preprocessing.apply(raster).samples
        decoded.append(file)
      } catch {
        failures[index] = error
      }
    }

    // an empty batch is not embedded: the engine has no use for a tensor with no images
    var predictions =
      (decoded.isEmpty ? [] : score(decoded, scalars, includeEmbedding)).makeIterator()
    return files.indices.map { index in
      if let error = failures[index] { return .failed(file: files[index].path, error: error) }
      return .predicted(predictions.next()!)
    }
  }

  /// Embeds the preprocessed images (`scalars`, one image after another) of `files` and scores
  /// each against the prototypes.
  private func score(_ files: [URL], _ scalars: [Float], _ includeEmbedding: Bool)
    -> [Prediction]
  {
    let tower = model.description.tower
    let images = Tensor(
      shape: [files.count, tower.inputSize, tower.inputSize, tower.channels], scalars: scalars)
    let embeddings = model.network.embed(images).scalars
    let size = tower.embeddingSize
    let prototypeCount = model.description.prototypeLabels.count

    let assignments = PrototypeAssignment.assign(
      queryCount: files.count, referenceLabels: model.description.prototypeLabels,
      classCount: model.description.classes.count, rule: .mean
    ) { query, prototype in
      let logit = model.network.similarityLogit(
        embeddings[(query * size)..<((query + 1) * size)],
        model.prototypes[(prototype * size)..<((prototype + 1) * size)])
      return 1 / (1 + exp(-Double(logit)))
    }
    precondition(prototypeCount > 0, "a model has at least one prototype")

    return zip(files, assignments).enumerated().map { index, item in
      let (file, assignment) = item
      let classes = model.description.classes
      return Prediction(
        file: file.path, predictedClass: classes[assignment.predicted],
        similarities: Dictionary(uniqueKeysWithValues: zip(classes, assignment.classScores)),
        unknown: assignment.bestScore < model.description.threshold,
        threshold: model.description.threshold,
        embedding: includeEmbedding ? Array(embeddings[(index * size)..<((index + 1) * size)]) : nil
      )
    }
  }
}

/// What `predict` made of one file: a prediction, or why the file could not be used.
///
/// Encoded as JSON, a prediction has the keys of `Prediction`; a failure has `file` and
/// `error` (the reason alone), so that a batch with a bad file is still one JSON document.
public enum PredictionOutcome: Sendable, Equatable, Encodable {
  case predicted(Prediction)
  case failed(file: String, error: ImageError)

  /// The prediction, or nil for a file that could not be used.
  public var prediction: Prediction? {
    if case .predicted(let prediction) = self { return prediction }
    return nil
  }

  private enum FailureKeys: String, CodingKey {
    case file, error
  }

  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .predicted(let prediction):
      try prediction.encode(to: encoder)
    case .failed(let file, let error):
      var container = encoder.container(keyedBy: FailureKeys.self)
      try container.encode(file, forKey: .file)
      try container.encode(error.reasonText, forKey: .error)
    }
  }
}
