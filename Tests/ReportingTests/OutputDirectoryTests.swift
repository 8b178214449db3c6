import Foundation
import Reporting
import TestSupport
import Testing

private func write(_ text: String, to url: URL) throws {
  try Data(text.utf8).write(to: url)
}

private func read(_ url: URL) throws -> String {
  String(decoding: try Data(contentsOf: url), as: UTF8.self)
}

private func entries(_ folder: URL) throws -> [String] {
  try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
}

@Test func discardKeepsTheOldFolderUntouched() throws {
  let root = try TemporaryDirectory.make()
  defer { try? FileManager.default.removeItem(at: root) }
  let destination = root.appendingPathComponent("report")
  try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
  try write("old", to: destination.appendingPathComponent("index.html"))

  let output = try OutputDirectory(destination: destination)
  try write("new", to: output.staging.appendingPathComponent("index.html"))
  output.discard()

  #expect(try read(destination.appendingPathComponent("index.html")) == "old")
  #expect(try entries(root) == ["report"])
}

@Test func commitReplacesTheOldFolder() throws {
  let root = try TemporaryDirectory.make()
  defer { try? FileManager.default.removeItem(at: root) }
  let destination = root.appendingPathComponent("report")
  try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
  try write("old", to: destination.appendingPathComponent("index.html"))
  try write("stale", to: destination.appendingPathComponent("stale.png"))

  let output = try OutputDirectory(destination: destination)
  #expect(output.staging.deletingLastPathComponent().path == root.path)
  try write("new", to: output.staging.appendingPathComponent("index.html"))
  try output.commit()

  #expect(try read(destination.appendingPathComponent("index.html")) == "new")
  #expect(try entries(destination) == ["index.html"])
  #expect(try entries(root) == ["report"])
}

@Test func commitCreatesAFolderThatDidNotExist() throws {
  let root = try TemporaryDirectory.make()
  defer { try? FileManager.default.removeItem(at: root) }
  let destination = root.appendingPathComponent("nested/report")
  let output = try OutputDirectory(destination: destination)
  try write("x", to: output.staging.appendingPathComponent("a.txt"))
  try output.commit()
  #expect(try read(destination.appendingPathComponent("a.txt")) == "x")
}

@Test func leftoversOfAKilledRunAreCleanedUpOrRestored() throws {
  let root = try TemporaryDirectory.make()
  defer { try? FileManager.default.removeItem(at: root) }
  let destination = root.appendingPathComponent("report")

  // Killed between the two renames: only the backup and a staging folder are left.
  let first = try OutputDirectory(destination: destination)
  let backup = root.appendingPathComponent(".report.backup")
  try FileManager.default.createDirectory(at: backup, withIntermediateDirectories: true)
  try write("previous", to: backup.appendingPathComponent("index.html"))
  try write("half", to: first.staging.appendingPathComponent("index.html"))

  let second = try OutputDirectory(destination: destination)
  #expect(try read(destination.appendingPathComponent("index.html")) == "previous")
  #expect(try entries(second.staging) == [])
  #expect(try entries(root) == [".report.staging", "report"])
  second.discard()
  #expect(try entries(root) == ["report"])
}
