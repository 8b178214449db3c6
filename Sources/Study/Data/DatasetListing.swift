import Foundation

/// One candidate image file of a dataset, before decoding.
public struct ImageEntry: Sendable, Codable, Equatable, Hashable {
  /// path relative to the dataset folder, "/"-separated, e.g. "Normal/x-001.png"
  public let file: String
  public let className: String
  /// from metadata.csv; nil when the dataset has no metadata or the row has no id
  public let patientID: String?

  public init(file: String, className: String, patientID: String?) {
    self.file = file
    self.className = className
    self.patientID = patientID
  }
}

/// The files of a dataset folder: one sub-folder per class, images anywhere below it, and an
/// optional `metadata.csv` at the top. Hidden files and folders (names starting with ".") and
/// `metadata.csv` are not images; every other regular file is a candidate and is accepted or
/// rejected by decoding it.
public struct DatasetListing: Sendable, Equatable {
  public let root: URL
  /// class names in sorted order; a class's index in this list is its label
  public let classes: [String]
  /// all candidate files, sorted by path
  public let entries: [ImageEntry]
  public let metadataFile: URL?

  public static let metadataFileName = "metadata.csv"

  /// Lists a dataset folder.
  /// - Throws: `StudyError` when the folder is missing, is a file, has no class folders, or
  ///   its metadata names a file that does not exist.
  public static func scan(_ root: URL) throws(StudyError) -> DatasetListing {
    let manager = FileManager.default
    var isFolder: ObjCBool = false
    guard manager.fileExists(atPath: root.path, isDirectory: &isFolder) else {
      throw .noSuchFolder(root.path)
    }
    guard isFolder.boolValue else { throw .notAFolder(root.path) }

    let top = visibleChildren(of: root)
    let classFolders = top.filter { isDirectory($0) }.sorted {
      $0.lastPathComponent < $1.lastPathComponent
    }
    guard !classFolders.isEmpty else {
      throw .noClassFolders(folder: root.path, found: top.map(\.lastPathComponent).sorted())
    }

    let metadataURL = root.appendingPathComponent(metadataFileName)
    let metadata: MetadataTable? =
      manager.fileExists(atPath: metadataURL.path) ? try MetadataTable.load(from: metadataURL) : nil
    let patients = metadata?.patientByFile ?? [:]

    var entries: [ImageEntry] = []
    var existing = Set<String>()
    for folder in classFolders {
      let className = folder.lastPathComponent
      for file in filesBelow(folder) {
        let relative = className + "/" + relativePath(of: file, below: folder)
        existing.insert(relative)
        entries.append(
          ImageEntry(file: relative, className: className, patientID: patients[relative]))
      }
    }
    entries.sort { $0.file < $1.file }

    if let metadata {
      for entry in metadata.entries where !existing.contains(entry.file) {
        throw .metadataNamesMissingFile(
          metadata: metadataURL.path, file: entry.file, line: entry.line)
      }
    }
    return DatasetListing(
      root: root, classes: classFolders.map(\.lastPathComponent), entries: entries,
      metadataFile: metadata == nil ? nil : metadataURL)
  }

  private static func visibleChildren(of folder: URL) -> [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { !$0.hasPrefix(".") }.map { folder.appendingPathComponent($0) }
  }

  private static func isDirectory(_ url: URL) -> Bool {
    var isFolder: ObjCBool = false
    return FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
      && isFolder.boolValue
  }

  /// Regular files below `folder` at any depth, skipping hidden names and metadata files.
  private static func filesBelow(_ folder: URL) -> [URL] {
    var result: [URL] = []
    for child in visibleChildren(of: folder) {
      if isDirectory(child) {
        result += filesBelow(child)
      } else if child.lastPathComponent != metadataFileName {
        result.append(child)
      }
    }
    return result
  }

  private static func relativePath(of file: URL, below folder: URL) -> String {
    let base = folder.standardizedFileURL.path
    let path = file.standardizedFileURL.path
    let start = path.index(path.startIndex, offsetBy: base.count + 1)
    return String(path[start...])
  }
}
