import Foundation
import Imaging
import Testing

@Suite struct PNGWriterTests {
  @Test(arguments: [1, 3])
  func roundTripIsExactForEightBitSamples(channels: Int) throws {
    let count = 5 * 3 * channels
    let raster = Raster(
      width: 5, height: 3, channels: channels,
      samples: (0..<count).map { Float(($0 * 53) % 256) / 255 })
    let decoded = try ImageDecoder.decode(bytes: try PNGWriter.encode(raster), name: "r.png")
    #expect(decoded == raster)
  }

  @Test func encodingIsDeterministicAndClamps() throws {
    let raster = Raster(width: 2, height: 1, channels: 1, samples: [-0.5, 1.5])
    let first = try PNGWriter.encode(raster)
    #expect(first == (try PNGWriter.encode(raster)))
    #expect(try ImageDecoder.decode(bytes: first, name: "c.png").samples == [0, 1])
  }

  @Test func writeThenDecodeFile() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("w.png")
    let raster = Raster(width: 1, height: 2, channels: 1, samples: [0, 1])
    try PNGWriter.write(raster, to: url)
    #expect(try ImageDecoder.decode(file: url) == raster)
    #expect(
      try ImageDecoder.probe(file: url)
        == ImageInfo(
          width: 1, height: 2, channels: 1,
          format: "PNG"))
  }
}
