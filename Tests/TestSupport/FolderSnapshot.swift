import Foundation

/// The contents of a folder, for checking that a run left it exactly as it was.
public enum FolderSnapshot {
  /// Every regular file below `folder`, by path relative to it, with its bytes.
  public static func files(in folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder.path)
    while let name = enumerator?.nextObject() as? String {
      let url = folder.appendingPathComponent(name)
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder),
        !isFolder.boolValue
      {
        files[name] = try Data(contentsOf: url)
      }
    }
    return files
  }
}
