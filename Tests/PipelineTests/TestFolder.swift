import Foundation

/// A fresh folder under the system temporary directory, deleted when the value goes away.
final class TestFolder {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("pipeline-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit {
    try? FileManager.default.removeItem(at: url)
  }

  /// Writes `text` to `relative` (creating folders) and returns the file's URL.
  @discardableResult
  func write(_ text: String, to relative: String) throws -> URL {
    let file = url.appendingPathComponent(relative)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: file)
    return file
  }

  /// Overwrites the file's bytes in place (same inode).
  func overwrite(_ relative: String, with text: String) throws {
    let handle = try FileHandle(forWritingTo: url.appendingPathComponent(relative))
    try handle.write(contentsOf: Data(text.utf8))
    try handle.truncate(atOffset: UInt64(text.utf8.count))
    try handle.close()
  }
}

/// Sets a file's access and modification time to `seconds` since 1970 (nanoseconds 0).
func setModificationTime(_ url: URL, seconds: Int) {
  let time = timespec(tv_sec: seconds, tv_nsec: 0)
  let times = [time, time]
  let status = utimensat(AT_FDCWD, url.path, times, 0)
  precondition(status == 0, "utimensat failed for \(url.path)")
}

/// 2020-01-01T00:00:00Z: old enough that the fingerprint index trusts files stamped with it.
let oldTime = 1_577_836_800

func inode(of url: URL) -> UInt64 {
  var record = stat()
  precondition(stat(url.path, &record) == 0)
  return UInt64(record.st_ino)
}
