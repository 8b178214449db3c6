import Foundation

/// Problems a user can fix: each message says what was found and what is needed.
public enum StudyError: Error, Equatable, CustomStringConvertible {
  case noSuchFolder(String)
  case notAFolder(String)
  case noClassFolders(folder: String, found: [String])
  case tooFewImages(className: String, usable: Int, needed: Int, train: Int, validation: Int)
  case tooFewClasses(found: [String], needed: Int)
  case metadataNamesMissingFile(metadata: String, file: String, line: Int?)
  case badMetadata(file: String, line: Int?, reason: String)
  case badConfiguration(file: String, reason: String)
  case unknownConfigurationKey(file: String, key: String, valid: [String])
  case severalDatasets(folder: String, found: [String])
  case cannotWrite(path: String, reason: String)
  case badModel(path: String, reason: String)
  /// replacing the report folder at `path` would destroy data or other files
  case unsafeOutputFolder(path: String, reason: String)
  /// another run is writing the report folder at `path`
  case reportFolderBusy(path: String)

  public var description: String {
    switch self {
    case .noSuchFolder(let path):
      return "no such folder: \(path)"
    case .notAFolder(let path):
      return "\(path) is a file, not a folder; --data needs a folder with one sub-folder per class"
    case .noClassFolders(let folder, let found):
      let more = found.count > 5 ? " and \(found.count - 5) more" : ""
      let seen =
        found.isEmpty
        ? "it is empty"
        : "found only files: \(found.prefix(5).joined(separator: ", "))\(more)"
      return "\(folder) has no class folders (\(seen)); a dataset needs one sub-folder per class "
        + "holding PNG or JPEG images"
    case .tooFewImages(let className, let usable, let needed, let train, let validation):
      return "class '\(className)' has \(Format.count(usable, "usable image")), but the split "
        + "needs at least \(needed) (\(train) for training, \(validation) for validation and 2 "
        + "for testing); add images or lower split.train / split.validation in the configuration"
    case .tooFewClasses(let found, let needed):
      return "the study needs at least \(needed) classes with usable images, found "
        + "\(found.count)\(found.isEmpty ? "" : ": " + found.joined(separator: ", "))"
    case .metadataNamesMissingFile(let metadata, let file, let line):
      let at = line.map { " (line \($0))" } ?? ""
      return "\(metadata)\(at) names \(file), which does not exist in the dataset folder"
    case .badMetadata(let file, let line, let reason):
      let at = line.map { ", line \($0)" } ?? ""
      return "\(file)\(at) \(reason)"
    case .badConfiguration(let file, let reason):
      return "\(file): \(reason)"
    case .unknownConfigurationKey(let file, let key, let valid):
      return "\(file): unknown key '\(key)'; valid keys here are: \(valid.joined(separator: ", "))"
    case .severalDatasets(let folder, let found):
      return "\(folder) holds several datasets (\(found.joined(separator: ", "))); "
        + "choose one with --data \(folder)/NAME"
    case .badModel(let path, let reason):
      return "model \(path) \(reason)"
    case .cannotWrite(let path, let reason):
      return "cannot write \(path): \(reason)"
    case .unsafeOutputFolder(let path, let reason):
      return "refusing to write the report to \(path): \(reason)"
    case .reportFolderBusy(let path):
      return "another siamese-report run is writing \(path); wait for it to finish, or write "
        + "this run's report elsewhere with --out"
    }
  }
}
