import Imaging
import Testing

@Suite struct PNGDecodingTests {
  @Test func eightBitGrayGivesStoredValuesOver255() throws {
    let png = PNGFixture(
      width: 3, height: 2, bitDepth: 8, colorType: 0,
      rows: [[0, 51, 255], [10, 20, 30]])
    let raster = try ImageDecoder.decode(bytes: png.bytes, name: "g.png")
    #expect(raster.width == 3 && raster.height == 2 && raster.channels == 1)
    expectSamples(raster, [0, 51, 255, 10, 20, 30].map { Float($0) / 255 })
  }

  @Test func eightBitRGBGivesThreeChannels() throws {
    let png = PNGFixture(
      width: 2, height: 1, bitDepth: 8, colorType: 2,
      rows: [[255, 0, 0, 0, 128, 255]])
    let raster = try ImageDecoder.decode(bytes: png.bytes, name: "c.png")
    #expect(raster.channels == 3)
    expectSamples(raster, [255, 0, 0, 0, 128, 255].map { Float($0) / 255 })
  }

  @Test func rgbaIsCompositedOverBlack() throws {
    let png = PNGFixture(
      width: 3, height: 1, bitDepth: 8, colorType: 6,
      rows: [[200, 100, 50, 255, 200, 100, 50, 0, 200, 100, 50, 128]])
    let raster = try ImageDecoder.decode(bytes: png.bytes, name: "a.png")
    #expect(raster.channels == 3)
    let half: Float = 128 / 255
    expectSamples(
      raster,
      [200, 100, 50, 0, 0, 0].map { Float($0) / 255 }
        + [200, 100, 50].map { Float($0) / 255 * half })
  }

  @Test func grayAlphaStaysOneChannel() throws {
    let png = PNGFixture(width: 2, height: 1, bitDepth: 8, colorType: 4, rows: [[255, 255, 90, 0]])
    let raster = try ImageDecoder.decode(bytes: png.bytes, name: "ga.png")
    #expect(raster.channels == 1)
    expectSamples(raster, [1, 0])
  }

  @Test func sixteenBitGrayKeepsFullPrecision() throws {
    let values = [0, 1, 257, 32768, 65535]
    let png = PNGFixture(
      width: 5, height: 1, bitDepth: 16, colorType: 0,
      rows: [values.flatMap { bigEndian16($0) }])
    let raster = try ImageDecoder.decode(bytes: png.bytes, name: "16.png")
    expectSamples(raster, values.map { Float($0) / 65535 }, tolerance: 1e-7)
    // One 16-bit step must survive: it would vanish if the data went through 8 bits.
    #expect(raster.samples[1] > 0)
  }

  @Test func sixteenBitRGBAIsCompositedOverBlack() throws {
    let pixel = [65535, 0, 32768, 32768].flatMap { bigEndian16($0) }
    let png = PNGFixture(width: 1, height: 1, bitDepth: 16, colorType: 6, rows: [pixel])
    let raster = try ImageDecoder.decode(bytes: png.bytes, name: "16a.png")
    expectSamples(raster, [0.5, 0, 0.25], tolerance: 1e-4)
  }

  @Test func colourManagementChunksAreIgnored() throws {
    // gAMA 1.0 on 8-bit data and gAMA 1/2.2 on 16-bit data would both make libpng convert.
    let eight = PNGFixture(
      width: 2, height: 1, bitDepth: 8, colorType: 0, rows: [[64, 192]],
      extraChunks: [("gAMA", bigEndian32(100_000))])
    expectSamples(try ImageDecoder.decode(bytes: eight.bytes, name: "g8"), [64 / 255, 192 / 255])
    let sixteen = PNGFixture(
      width: 1, height: 1, bitDepth: 16, colorType: 0,
      rows: [bigEndian16(16384)], extraChunks: [("gAMA", bigEndian32(45455))])
    expectSamples(
      try ImageDecoder.decode(bytes: sixteen.bytes, name: "g16"), [16384 / 65535],
      tolerance: 1e-7)
  }

  @Test func paletteWithTransparencyExpandsToRGB() throws {
    let png = PNGFixture(
      width: 3, height: 1, bitDepth: 8, colorType: 3, rows: [[0, 1, 2]],
      palette: [255, 0, 0, 0, 255, 0, 0, 0, 255], transparency: [255, 0])
    let raster = try ImageDecoder.decode(bytes: png.bytes, name: "p.png")
    #expect(raster.channels == 3)
    expectSamples(raster, [1, 0, 0, 0, 0, 0, 0, 0, 1])
  }

  @Test func twoBitPaletteUnpacks() throws {
    let png = PNGFixture(
      width: 4, height: 1, bitDepth: 2, colorType: 3, rows: [[0b11_10_01_00]],
      palette: [0, 0, 0, 85, 85, 85, 170, 170, 170, 255, 255, 255])
    let raster = try ImageDecoder.decode(bytes: png.bytes, name: "p2.png")
    expectSamples(raster, [1, 1, 1, 2 / 3, 2 / 3, 2 / 3, 1 / 3, 1 / 3, 1 / 3, 0, 0, 0])
  }

  struct LowBitCase: Sendable, CustomTestStringConvertible {
    var depth: Int, row: [UInt8], expected: [Float]
    var testDescription: String { "\(depth)-bit gray" }
  }

  @Test(arguments: [
    LowBitCase(depth: 1, row: [0b1011_0000], expected: [1, 0, 1, 1, 0, 0, 0, 0]),
    LowBitCase(depth: 2, row: [0b00_01_10_11], expected: [0, 1.0 / 3, 2.0 / 3, 1]),
    LowBitCase(depth: 4, row: [0x0F, 0x5A], expected: [0, 1, 5.0 / 15, 10.0 / 15]),
  ])
  func lowBitDepthGrayScalesToFullRange(_ test: LowBitCase) throws {
    let (depth, row, expected) = (test.depth, test.row, test.expected)
    let png = PNGFixture(
      width: expected.count, height: 1, bitDepth: depth, colorType: 0,
      rows: [row])
    let raster = try ImageDecoder.decode(bytes: png.bytes, name: "low.png")
    #expect(raster.channels == 1)
    expectSamples(raster, expected)
  }

  @Test func probeReadsTheHeaderOnly() throws {
    let png = PNGFixture(
      width: 3, height: 2, bitDepth: 8, colorType: 6,
      rows: Array(repeating: Array(repeating: 9, count: 12), count: 2))
    let info = try ImageDecoder.probe(bytes: png.bytes, name: "i.png")
    #expect(info == ImageInfo(width: 3, height: 2, channels: 3, format: "PNG"))
  }
}
