import Foundation
import Pipeline

/// Refuses report folders whose replacement would destroy something else.
///
/// A run replaces its report folder as a whole, so an `--out` that names the dataset, a folder
/// holding the dataset or any folder of the user's own files would delete them. A report folder
/// is recognised by the `.report-key` or the readable `manifest.json` every run writes into it.
enum OutputFolderSafety {
  /// - Parameters:
  ///   - output: the report folder the run would replace
  ///   - inputs: folders the run reads (dataset, external dataset), with a name for the message
  ///   - current: the working folder
  /// - Throws: `StudyError.unsafeOutputFolder` saying what would be lost and what to do.
  static func check(output: URL, inputs: [(name: String, folder: URL)], current: URL)
    throws(StudyError)
  {
    let out = canonical(output)
    // The current folder may hold the report (`--out sub`), but replacing it or a folder
    // around it would leave the shell in a deleted folder.
    let here = canonical(current)
    if out == here || isInside(here, out) {
      throw .unsafeOutputFolder(
        path: output.path,
        reason: "it is or holds the current folder, which a run would replace as a whole "
          + "from under your shell; run from outside it or choose another --out")
    }
    let replaced = "and a run replaces its report folder as a whole; choose another --out"
    for input in inputs {
      let folder = canonical(input.folder)
      if out == folder {
        throw .unsafeOutputFolder(
          path: output.path, reason: "it is the \(input.name) folder, \(replaced)")
      }
      if isInside(folder, out) {
        throw .unsafeOutputFolder(
          path: output.path,
          reason: "it holds the \(input.name) folder \(input.folder.path), \(replaced)")
      }
      if isInside(out, folder) {
        throw .unsafeOutputFolder(
          path: output.path,
          reason: "it is inside the \(input.name) folder \(input.folder.path), whose next scan "
            + "would read the report as data; choose an --out outside it")
      }
    }
    try checkExistingContents(output)
  }

  /// An existing folder may be replaced only when it is empty or a report of an earlier run.
  private static func checkExistingContents(_ output: URL) throws(StudyError) {
    let files = FileManager.default
    var isFolder: ObjCBool = false
    guard files.fileExists(atPath: output.path, isDirectory: &isFolder) else { return }
    guard isFolder.boolValue else {
      throw .unsafeOutputFolder(
        path: output.path, reason: "it is a file; --out names the report folder")
    }
    let names = (try? files.contentsOfDirectory(atPath: output.path)) ?? []
    if names.isEmpty { return }
    let previous = PreviousReport.load(output)
    guard previous != nil || names.contains(ReportStamp.fileName) else {
      throw .unsafeOutputFolder(
        path: output.path,
        reason: "it holds files that are not a report (\(listing(names.sorted()))), and a run "
          + "replaces its report folder as a whole; choose a new or empty folder for --out")
    }

    // An earlier report: refuse if anything was added to it (notes, edited figures), which
    // replacing the folder would delete.
    let present = ReportManifest.files(below: output)
    let extras: [String]
    if let written = previous?.files.map(Set.init) {
      extras = present.filter { !written.contains($0) }
    } else {
      // A report whose manifest predates the file list: judge by the names a report writes.
      extras = present.filter { path in
        !reportNames.contains(String(path.split(separator: "/").first ?? ""))
      }
    }
    if !extras.isEmpty {
      throw .unsafeOutputFolder(
        path: output.path,
        reason: "it holds files the report did not write (\(listing(extras))), which replacing "
          + "the report would delete; move them out of the report folder")
    }
    let edited = (previous?.editableHashes ?? [:]).filter { file, written in
      let hash = try? SHA256.hex(fileAt: output.appendingPathComponent(file))
      return hash.map { $0 != written } ?? false
    }.keys.sorted()
    if !edited.isEmpty {
      throw .unsafeOutputFolder(
        path: output.path,
        reason: "\(listing(edited)) changed since the run that wrote it, and replacing the "
          + "report would lose the edit; save your version outside the report folder (and "
          + "delete it there) first")
    }
  }

  /// Top-level names of a report folder's own files.
  private static let reportNames: Set<String> = [
    "report.md", "report.html", "figures", "metrics.json", "split.csv", "model",
    ReportManifest.fileName, ReportStamp.fileName,
  ]

  /// "a, b, c and 4 more"
  private static func listing(_ names: [String]) -> String {
    let shown = names.prefix(3).joined(separator: ", ")
    return names.count > 3 ? "\(shown) and \(names.count - 3) more" : shown
  }

  /// `url` with every symbolic link in it resolved, as a file URL.
  static func resolved(_ url: URL) -> URL {
    URL(fileURLWithPath: NSString.path(withComponents: canonical(url)), isDirectory: false)
  }

  /// `url` with symbolic links resolved, also when its last components do not exist yet, so
  /// that a link cannot hide that two paths are the same folder.
  static func canonical(_ url: URL) -> [String] {
    var existing = url.standardizedFileURL
    var missing: [String] = []
    while !FileManager.default.fileExists(atPath: existing.path), existing.pathComponents.count > 1
    {
      missing.insert(existing.lastPathComponent, at: 0)
      existing = existing.deletingLastPathComponent()
    }
    return existing.resolvingSymlinksInPath().pathComponents + missing
  }

  /// Whether the folder with components `inner` lies strictly inside `outer`.
  private static func isInside(_ inner: [String], _ outer: [String]) -> Bool {
    inner.count > outer.count && Array(inner.prefix(outer.count)) == outer
  }
}
