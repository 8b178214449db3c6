import Foundation
import Pipeline
import Testing

@Suite struct FingerprintIndexTests {
  /// A root with three files stamped with old, distinct modification times.
  private func makeData() throws -> (TestFolder, [URL]) {
    let folder = try TestFolder()
    let files = [
      try folder.write("alpha", to: "Normal/a.png"),
      try folder.write("bravo", to: "Normal/b.png"),
      try folder.write("charlie", to: "Virus/c.png"),
    ]
    for (offset, file) in files.enumerated() {
      setModificationTime(file, seconds: oldTime + offset)
    }
    return (folder, files)
  }

  @Test func secondPassHashesNothingAndRoundTripsThroughDisk() throws {
    let (folder, files) = try makeData()
    var index = FingerprintIndex()

    let first = try index.fingerprint(files: files, relativeTo: folder.url)
    #expect(first.rehashedCount == 3)
    #expect(first.fingerprints.keys.sorted() == ["Normal/a.png", "Normal/b.png", "Virus/c.png"])
    #expect(first.fingerprints["Normal/b.png"]?.sha256 == SHA256.hex("bravo"))
    #expect(first.fingerprints["Normal/b.png"]?.size == 5)
    #expect(
      first.fingerprints["Normal/b.png"]?.mtimeNanoseconds == Int64(oldTime + 1) * 1_000_000_000)

    let second = try index.fingerprint(files: files, relativeTo: folder.url)
    #expect(second.rehashedCount == 0)
    #expect(second == FingerprintResult(fingerprints: first.fingerprints, rehashedCount: 0))

    let saved = folder.url.appendingPathComponent("cache/fingerprints.json")
    try index.save(to: saved)
    var loaded = FingerprintIndex.load(from: saved)
    #expect(loaded.loadWarning == nil)
    #expect(loaded.count == 3)
    let third = try loaded.fingerprint(files: files, relativeTo: folder.url)
    #expect(third.rehashedCount == 0)
    #expect(third.fingerprints == first.fingerprints)
  }

  @Test func sameSizeEditWithNewTimeIsRehashed() throws {
    let (folder, files) = try makeData()
    var index = FingerprintIndex()
    let before = try index.fingerprint(files: files, relativeTo: folder.url)

    try folder.overwrite("Normal/b.png", with: "BRAVO")
    setModificationTime(files[1], seconds: oldTime + 100)
    let after = try index.fingerprint(files: files, relativeTo: folder.url)

    #expect(after.rehashedCount == 1)
    #expect(after.fingerprints["Normal/b.png"]?.sha256 == SHA256.hex("BRAVO"))
    #expect(after.fingerprints["Normal/a.png"] == before.fingerprints["Normal/a.png"])
  }

  @Test func fileReplacedByRenameIsRehashedEvenWithSameSizeAndTime() throws {
    let (folder, files) = try makeData()
    var index = FingerprintIndex()
    let before = try index.fingerprint(files: files, relativeTo: folder.url)

    let replacement = try folder.write("BRAVO", to: "Normal/.b.png.new")
    setModificationTime(replacement, seconds: oldTime + 1)
    #expect(rename(replacement.path, files[1].path) == 0)
    let after = try index.fingerprint(files: files, relativeTo: folder.url)

    #expect(after.rehashedCount == 1)
    #expect(after.fingerprints["Normal/b.png"]?.inode != before.fingerprints["Normal/b.png"]?.inode)
    #expect(after.fingerprints["Normal/b.png"]?.sha256 == SHA256.hex("BRAVO"))
  }

  @Test func recentlyModifiedFileIsNotTrustedYet() throws {
    let folder = try TestFolder()
    let fresh = try folder.write("just written", to: "fresh.png")
    var index = FingerprintIndex()

    _ = try index.fingerprint(files: [fresh], relativeTo: folder.url)
    let again = try index.fingerprint(files: [fresh], relativeTo: folder.url)

    // Its time stamp is within the racy window of its hashing, so it is read again.
    #expect(again.rehashedCount == 1)
  }

  @Test func missingAndCorruptIndexFilesGiveAnEmptyIndex() throws {
    let folder = try TestFolder()
    let missing = FingerprintIndex.load(from: folder.url.appendingPathComponent("none.json"))
    #expect(missing.count == 0)
    #expect(missing.loadWarning == nil)

    let corrupt = try folder.write("{\"version\": 1, \"files\": [", to: "index.json")
    let loaded = FingerprintIndex.load(from: corrupt)
    #expect(loaded.count == 0)
    #expect(loaded.loadWarning?.contains(corrupt.path) == true)

    let newer = try folder.write("{\"version\": 99, \"files\": {}}", to: "newer.json")
    #expect(FingerprintIndex.load(from: newer).loadWarning?.contains("newer") == true)
  }

  @Test func savedIndexIsVersionedSortedJSON() throws {
    let (folder, files) = try makeData()
    var index = FingerprintIndex()
    _ = try index.fingerprint(files: files.reversed(), relativeTo: folder.url)
    let url = folder.url.appendingPathComponent("index.json")
    try index.save(to: url)
    let text = try String(contentsOf: url, encoding: .utf8)

    #expect(text.contains("\"version\" : 1"))
    let a = try #require(text.range(of: "Normal/a.png"))
    let c = try #require(text.range(of: "Virus/c.png"))
    #expect(a.lowerBound < c.lowerBound)
  }

  @Test func fileOutsideRootOrMissingIsANamedError() throws {
    let (folder, _) = try makeData()
    let other = try TestFolder()
    let outside = try other.write("x", to: "x.png")
    var index = FingerprintIndex()

    let outsideError = #expect(throws: FileSystemError.self) {
      try index.fingerprint(files: [outside], relativeTo: folder.url)
    }
    #expect(outsideError?.path == outside.path)

    let missing = folder.url.appendingPathComponent("Normal/gone.png")
    let missingError = #expect(throws: FileSystemError.self) {
      try index.fingerprint(files: [missing], relativeTo: folder.url)
    }
    #expect(missingError?.description.contains("Normal/gone.png") == true)
  }

  @Test func verifyUnchangedPassesThenNamesTheModifiedFile() throws {
    let (folder, files) = try makeData()
    var index = FingerprintIndex()
    let result = try index.fingerprint(files: files, relativeTo: folder.url)
    try verifyUnchanged(result.sorted, root: folder.url)

    try folder.overwrite("Virus/c.png", with: "charlie, edited")
    let error = #expect(throws: InputChangedError.self) {
      try verifyUnchanged(result.sorted, root: folder.url)
    }
    #expect(error?.file == "Virus/c.png")
    #expect(error?.change == .size(old: 7, new: 15))
    #expect(error?.description.contains("Virus/c.png") == true)
  }

  @Test func verifyUnchangedReportsTouchedAndDeletedFiles() throws {
    let (folder, files) = try makeData()
    var index = FingerprintIndex()
    let result = try index.fingerprint(files: files, relativeTo: folder.url)

    setModificationTime(files[0], seconds: oldTime + 50)
    let touched = #expect(throws: InputChangedError.self) {
      try verifyUnchanged(result.sorted, root: folder.url)
    }
    #expect(touched?.file == "Normal/a.png")

    setModificationTime(files[0], seconds: oldTime)
    try FileManager.default.removeItem(at: files[1])
    let deleted = #expect(throws: InputChangedError.self) {
      try verifyUnchanged(result.sorted, root: folder.url)
    }
    #expect(deleted == InputChangedError(file: "Normal/b.png", change: .disappeared))
  }

  @Test func treeHashDependsOnPathsAndContentOnly() {
    let a = FileFingerprint(path: "a", size: 1, mtimeNanoseconds: 5, inode: 9, sha256: "11")
    let b = FileFingerprint(path: "b", size: 1, mtimeNanoseconds: 6, inode: 8, sha256: "22")
    var bMoved = b
    bMoved.mtimeNanoseconds = 99
    bMoved.inode = 1
    var bEdited = b
    bEdited.sha256 = "33"

    #expect(FileFingerprint.treeHash([a, b]) == FileFingerprint.treeHash([b, a]))
    #expect(FileFingerprint.treeHash([a, b]) == FileFingerprint.treeHash([a, bMoved]))
    #expect(FileFingerprint.treeHash([a, b]) != FileFingerprint.treeHash([a, bEdited]))
    #expect(FileFingerprint.treeHash([a, b]) != FileFingerprint.treeHash([a]))
  }

  @Test func fileSetChangesListsAddedRemovedAndChanged() {
    func print(_ path: String, _ hash: String) -> FileFingerprint {
      FileFingerprint(path: path, size: 1, mtimeNanoseconds: 0, inode: 0, sha256: hash)
    }
    let old = [print("keep", "1"), print("edit", "2"), print("drop", "3")]
    let new = [print("keep", "1"), print("edit", "9"), print("new1", "4"), print("new0", "5")]
    let changes = FileSetChanges(old: old, new: new)

    #expect(changes.added == ["new0", "new1"])
    #expect(changes.removed == ["drop"])
    #expect(changes.changed == ["edit"])
    #expect(FileSetChanges(old: old, new: old).isEmpty)
  }
}
