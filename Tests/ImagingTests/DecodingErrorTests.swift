import CTurboJPEG
import Foundation
import Imaging
import Testing

@Suite struct DecodingErrorTests {
  /// A 64 x 64 gray PNG with varied content, so its image data is large.
  let png = PNGFixture(
    width: 64, height: 64, bitDepth: 8, colorType: 0,
    rows: (0..<64).map { y in (0..<64).map { x in UInt8((x * 7 + y * 13) % 256) } }
  ).bytes

  var jpeg: [UInt8] {
    makeJPEG(
      width: 64, height: 64, pixels: (0..<4096).map { UInt8(($0 * 37) % 251) },
      pixelFormat: TJPF_GRAY)
  }

  @Test func zeroByteFileIsEmpty() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("x.png")
    try Data().write(to: file)
    #expect(throws: ImageError(file: file.path, reason: .empty)) {
      try ImageDecoder.decode(file: file)
    }
    #expect(
      ImageError(file: "Normal/x.png", reason: .empty).description
        == "Normal/x.png: empty file (0 bytes)")
  }

  @Test func missingFileAndFolderAreUnreadable() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = folder.appendingPathComponent("none.png")
    #expect(throws: ImageError(file: missing.path, reason: .unreadable("no such file"))) {
      try ImageDecoder.decode(file: missing)
    }
    #expect(throws: ImageError(file: folder.path, reason: .unreadable("is a folder"))) {
      try ImageDecoder.decode(file: folder)
    }
  }

  @Test func textNamedPNGIsNotAnImage() {
    let error = decodeError(Array("hello, I am text\n".utf8), name: "Normal/readme.png")
    #expect(error == ImageError(file: "Normal/readme.png", reason: .notAnImage))
    #expect(error?.reasonText == "not a PNG or JPEG image")
  }

  @Test func truncatedPNGIsTruncated() {
    let error = decodeError(Array(png.prefix(png.count * 6 / 10)), name: "t.png")
    #expect(kind(error?.reason) == "truncated")
    #expect(error?.description.hasPrefix("t.png: truncated PNG data (libpng: ") == true)
  }

  @Test func damagedPNGDataIsCorrupt() {
    var damaged = png
    damaged[png.count / 2] ^= 0xFF  // inside IDAT: its CRC no longer matches
    #expect(kind(decodeError(damaged).flatMap { $0.reason }) == "corrupt")
  }

  @Test func pngHeaderClaimingHugeSizeIsRejectedBeforeDecoding() {
    let huge = PNGFixture(width: 50_000, height: 50_000, bitDepth: 8, colorType: 0, rows: [[0]])
    #expect(
      decodeError(huge.bytes)?.reason
        == .tooLarge(width: 50_000, height: 50_000, limit: ImageDecoder.defaultPixelLimit))
  }

  @Test func pixelLimitIsInclusive() {
    let small = PNGFixture(
      width: 10, height: 10, bitDepth: 8, colorType: 0,
      rows: Array(repeating: Array(repeating: 0, count: 10), count: 10)
    ).bytes
    #expect(decodeError(small, pixelLimit: 100) == nil)
    #expect(
      decodeError(small, pixelLimit: 99)?.reason == .tooLarge(width: 10, height: 10, limit: 99))
  }

  @Test func truncatedJPEGIsTruncated() {
    let bytes = jpeg
    let error = decodeError(Array(bytes.prefix(bytes.count / 2)), name: "t.jpg")
    #expect(kind(error?.reason) == "truncated")
    #expect(error?.reasonText.hasPrefix("truncated JPEG data (turbojpeg: ") == true)
  }

  @Test func jpegWithBrokenHuffmanTableIsCorrupt() throws {
    var bytes = jpeg
    let dht = try #require(bytes.indices.first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC4 })
    for i in (dht + 5)..<(dht + 21) { bytes[i] = 0xFF }  // the 16 code-length counts
    #expect(kind(decodeError(bytes).flatMap { $0.reason }) == "corrupt")
  }

  @Test func jpegHeaderClaimingHugeSizeIsRejectedBeforeDecoding() throws {
    var bytes = jpeg
    let sof = try #require(bytes.indices.first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
    bytes.replaceSubrange((sof + 5)..<(sof + 9), with: bigEndian16(60_000) + bigEndian16(60_000))
    #expect(
      decodeError(bytes)?.reason
        == .tooLarge(width: 60_000, height: 60_000, limit: ImageDecoder.defaultPixelLimit))
  }

  @Test func reasonTextsAreShortAndSpecific() {
    let tooLarge = ImageError(file: "a", reason: .tooLarge(width: 5, height: 6, limit: 7))
    #expect(tooLarge.reasonText == "image too large (5 x 6 px, limit 7 px)")
    #expect(
      ImageError(file: "a", reason: .unreadable("no such file")).reasonText
        == "unreadable (no such file)")
  }
}
