import Foundation
import SiameseEngine

/// A trained model as `predict` uses it: a folder holding
/// - `model.json`: this description (classes, tower, preprocessing, assignment rule, threshold),
/// - `weights.safetensors`: the network's weights,
/// - `prototypes.safetensors`: the embeddings of the training images ("prototypes", one row per
///   image, labelled by `prototypeLabels`), against which new images are compared.
public struct ModelFolder: Sendable, Codable, Equatable {
  public var schema = "siamese-report/model"
  public var schemaVersion = 1
  /// the known classes, in label order; held-out classes are not among them
  public var classes: [String]
  public var tower: TowerConfiguration
  public var preprocessing: StudyConfiguration.PreprocessingSettings
  /// how class scores are formed: the mean similarity to the class's prototypes
  public var rule: String
  /// an image whose highest class score is below this is flagged as unknown
  public var threshold: Double
  /// share of known validation images the threshold keeps
  public var keepKnown: Double
  /// class index of each prototype row
  public var prototypeLabels: [Int]

  static let descriptionFile = "model.json"
  static let weightsFile = "weights.safetensors"
  static let prototypesFile = "prototypes.safetensors"

  func write(to folder: URL, network: SiameseNetwork, prototypes: [Float]) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    try encoder.encode(self).write(to: folder.appendingPathComponent(Self.descriptionFile))
    try network.save(to: folder.appendingPathComponent(Self.weightsFile))
    let rows = prototypeLabels.count
    try Safetensors.write(
      [
        (
          name: "prototypes",
          tensor: Tensor(shape: [rows, tower.embeddingSize], scalars: prototypes)
        )
      ], to: folder.appendingPathComponent(Self.prototypesFile))
  }

  /// A loaded model: description, network and prototype embeddings.
  public struct Loaded: Sendable {
    public let description: ModelFolder
    public let network: SiameseNetwork
    /// prototypes × embeddingSize, row-major
    public let prototypes: [Float]
  }

  /// Reads a model folder.
  /// - Throws: `StudyError.badModel` naming the folder or file and what is wrong.
  public static func load(from folder: URL) throws(StudyError) -> Loaded {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder),
      isFolder.boolValue
    else {
      throw .badModel(path: folder.path, reason: "is not a folder")
    }
    let descriptionURL = folder.appendingPathComponent(descriptionFile)
    let nested = folder.appendingPathComponent("model")
    if !FileManager.default.fileExists(atPath: descriptionURL.path),
      FileManager.default.fileExists(atPath: nested.appendingPathComponent(descriptionFile).path)
    {
      // the report folder is the one a user sees after a run, so it is the likely mistake
      throw .badModel(
        path: folder.path,
        reason: "is a report folder; its model is in the model/ folder: use --model "
          + nested.path)
    }
    let description: ModelFolder
    do {
      description = try JSONDecoder().decode(
        ModelFolder.self, from: Data(contentsOf: descriptionURL))
    } catch {
      throw .badModel(
        path: descriptionURL.path,
        reason: "is missing or unreadable; a model folder is the model/ folder of a report "
          + "(\(error.localizedDescription))")
    }
    do {
      let network = try SiameseNetwork.load(
        from: folder.appendingPathComponent(weightsFile), configuration: description.tower)
      let file = try Safetensors.read(from: folder.appendingPathComponent(prototypesFile))
      guard let prototypes = file.tensors.first(where: { $0.name == "prototypes" })?.tensor,
        prototypes.shape == [description.prototypeLabels.count, description.tower.embeddingSize]
      else {
        throw StudyError.badModel(
          path: folder.appendingPathComponent(prototypesFile).path,
          reason: "has no 'prototypes' tensor of shape "
            + "[\(description.prototypeLabels.count), \(description.tower.embeddingSize)]")
      }
      return Loaded(description: description, network: network, prototypes: prototypes.scalars)
    } catch let error as StudyError {
      throw error
    } catch let error as SafetensorsError {
      // the error names its file, which is more precise than the folder
      throw .badModel(path: error.path, reason: "is unusable: " + error.reason)
    } catch {
      throw .badModel(path: folder.path, reason: "cannot be loaded: \(error)")
    }
  }
}
