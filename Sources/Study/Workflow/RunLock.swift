import Foundation

/// An exclusive lock on a report folder for the length of a run, so that two runs writing the
/// same report cannot delete each other's staging folder (see `OutputDirectory`).
///
/// It is an advisory `flock(2)` on `locks/<report name>.lock` in the cache beside the report
/// folder: the kernel drops it when the process ends, however it ends, so a killed run never
/// leaves it held. The file stays (removing it would race a run about to lock it), out of sight
/// in the cache.
final class RunLock {
  private let descriptor: Int32

  /// Takes the lock without waiting.
  /// - Throws: `StudyError.reportFolderBusy` when another run holds it, `.cannotWrite` when
  ///   the lock file cannot be created.
  init(reportFolder: URL, cacheFolder: URL) throws(StudyError) {
    let parent = cacheFolder.appendingPathComponent("locks")
    let lockFile = parent.appendingPathComponent("\(reportFolder.lastPathComponent).lock")
    do {
      try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
    } catch {
      throw .cannotWrite(path: parent.path, reason: error.localizedDescription)
    }
    let descriptor = open(lockFile.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw .cannotWrite(path: lockFile.path, reason: String(cString: strerror(errno)))
    }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      close(descriptor)
      throw .reportFolderBusy(path: reportFolder.path)
    }
    self.descriptor = descriptor
  }

  deinit {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}
