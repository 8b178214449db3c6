import Foundation
import Pipeline
import Testing

@Suite struct SHA256Tests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
  ])
  func knownVectors(message: String, expected: String) {
    #expect(SHA256.hex(message) == expected)
    #expect(SHA256.hex(Array(message.utf8)) == expected)
    #expect(SHA256.hex(Data(message.utf8)) == expected)
  }

  @Test func millionLettersAInPieces() {
    var hasher = SHA256.Hasher()
    let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
    for _ in 0..<1000 { hasher.update(chunk) }
    #expect(
      hasher.finalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func incrementalEqualsOneShot() {
    var hasher = SHA256.Hasher()
    hasher.update(string: "a")
    hasher.update(Array("b".utf8)[...])
    hasher.update(string: "c")
    #expect(hasher.finalize() == SHA256.hex("abc"))
  }

  @Test func copiesOfAHasherAreIndependent() {
    var first = SHA256.Hasher()
    first.update(string: "ab")
    var second = first
    first.update(string: "c")
    second.update(string: "x")
    #expect(first.finalize() == SHA256.hex("abc"))
    #expect(second.finalize() == SHA256.hex("abx"))
  }

  @Test func fileHashEqualsInMemoryHashAcrossChunkBoundaries() throws {
    let folder = try TestFolder()
    // 2.5 MiB of varied bytes: spans several 1 MiB read chunks and ends mid-chunk.
    let bytes = (0..<(5 << 19)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
    let file = folder.url.appendingPathComponent("blob.bin")
    try Data(bytes).write(to: file)

    #expect(try SHA256.hex(fileAt: file) == SHA256.hex(bytes))
    let empty = try folder.write("", to: "empty.txt")
    #expect(try SHA256.hex(fileAt: empty) == SHA256.hex(""))
  }

  @Test func missingFileErrorNamesTheFile() throws {
    let folder = try TestFolder()
    let file = folder.url.appendingPathComponent("absent.png")
    let error = #expect(throws: FileSystemError.self) { try SHA256.hex(fileAt: file) }
    #expect(error?.path == file.path)
    #expect(error?.description.contains("absent.png") == true)
    #expect(error?.code == ENOENT)
  }
}
