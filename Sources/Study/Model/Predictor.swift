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
  /// - Throws: `ImageError` naming the first file that cannot be decoded.
  public func predict(files: [URL], includeEmbedding: Bool) throws -> [Prediction] {
    let settings = model.description.preprocessing
    let preprocessing = Preprocessing(
      size: settings.size, channels: settings.channels, equalize: settings.equalize)
    var scalars: [Float] = []
    for file in files {
      let raster = try ImageDecoder.decode(file: file, pixelLimit: settings.maxPixels)
      scalars += preprocessing.apply(raster).samples
    }
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
