import Foundation

/// Writes a report folder so that a reader never sees a half-written one.
///
/// Files go into a staging folder next to `destination` (same parent, hence the same file
/// system, so renames are atomic). `commit()` swaps it in: the old folder is renamed to a
/// backup, the staging folder to `destination`, then the backup is removed. Between the two
/// renames `destination` is briefly missing; a run killed exactly there is repaired by the next
/// `init`, which restores the backup. Leftover staging folders are deleted by `init` too.
///
/// Two writers of the same destination at the same time would share the staging and backup
/// names and delete each other's work; the caller must exclude that (a study run holds a lock
/// on its report folder for the whole run).
public struct OutputDirectory: Sendable {
  /// The report folder as the reader sees it (standardised file URL).
  public let destination: URL
  /// Write every output file under this folder, then call `commit()` or `discard()`.
  public let staging: URL
  private let backup: URL

  /// Prepares a fresh, empty staging folder and repairs what a killed earlier run left behind.
  /// - Throws: `ReportingError.fileSystem` naming the folder that could not be created,
  ///   removed or restored.
  public init(destination: URL) throws(ReportingError) {
    let destination = destination.standardizedFileURL
    let parent = destination.deletingLastPathComponent()
    let name = destination.lastPathComponent
    self.destination = destination
    self.staging = parent.appendingPathComponent(".\(name).staging")
    self.backup = parent.appendingPathComponent(".\(name).backup")

    let files = FileManager.default
    if files.fileExists(atPath: backup.path) {
      if files.fileExists(atPath: destination.path) {
        // The swap finished but the backup was not yet removed: it is the older report.
        try remove(backup)
      } else {
        try step("restore", backup) { try files.moveItem(at: backup, to: destination) }
      }
    }
    if files.fileExists(atPath: staging.path) { try remove(staging) }
    try step("create", parent) {
      try files.createDirectory(at: parent, withIntermediateDirectories: true)
    }
    try step("create", staging) {
      try files.createDirectory(at: staging, withIntermediateDirectories: false)
    }
  }

  /// Replaces `destination` with the staging folder. If the second rename fails the old folder
  /// is put back before the error is thrown.
  /// - Throws: `ReportingError.fileSystem` naming the folder involved.
  public func commit() throws(ReportingError) {
    let files = FileManager.default
    let hadOld = files.fileExists(atPath: destination.path)
    if hadOld {
      try step("move aside the old report folder", destination) {
        try files.moveItem(at: destination, to: backup)
      }
    }
    do {
      try files.moveItem(at: staging, to: destination)
    } catch {
      if hadOld { try? files.moveItem(at: backup, to: destination) }
      throw .fileSystem(
        operation: "move the new report into place at", path: destination.path,
        reason: error.localizedDescription)
    }
    if hadOld { try remove(backup) }
  }

  /// Deletes the staging folder and leaves `destination` as it was. Errors are ignored: a
  /// leftover staging folder is removed by the next `init`.
  public func discard() {
    try? FileManager.default.removeItem(at: staging)
  }

  private func remove(_ url: URL) throws(ReportingError) {
    try step("remove", url) { try FileManager.default.removeItem(at: url) }
  }

  private func step(_ operation: String, _ url: URL, _ body: () throws -> Void)
    throws(ReportingError)
  {
    do {
      try body()
    } catch {
      throw .fileSystem(operation: operation, path: url.path, reason: error.localizedDescription)
    }
  }
}
