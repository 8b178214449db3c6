import CTurboJPEG
import Imaging
import Testing

/// JPEG is lossy, so values are compared within a few levels out of 255.
@Suite struct JPEGDecodingTests {
  let tolerance: Float = 3 / 255

  @Test func grayStaysOneChannel() throws {
    let jpeg = makeJPEG(
      width: 8, height: 8, pixels: Array(repeating: 100, count: 64),
      pixelFormat: TJPF_GRAY)
    let raster = try ImageDecoder.decode(bytes: jpeg, name: "g.jpg")
    #expect(raster.width == 8 && raster.height == 8 && raster.channels == 1)
    expectSamples(raster, Array(repeating: 100 / 255, count: 64), tolerance: tolerance)
  }

  @Test func colourGivesRGB() throws {
    let pixels = repeated([UInt8(200), 50, 10], 64)
    let jpeg = makeJPEG(width: 8, height: 8, pixels: pixels, pixelFormat: TJPF_RGB)
    let raster = try ImageDecoder.decode(bytes: jpeg, name: "c.jpg")
    #expect(raster.channels == 3)
    expectSamples(raster, pixels.map { Float($0) / 255 }, tolerance: tolerance)
  }

  /// turbojpeg writes CMYK with an Adobe marker, as YCCK, and takes the values as inverted
  /// (255 = no ink): stored (255, 0, 0, 255) is red.
  @Test func adobeCMYKIsReadAsInverted() throws {
    let pixels = repeated([UInt8(255), 0, 0, 255], 64)
    let jpeg = makeJPEG(width: 8, height: 8, pixels: pixels, pixelFormat: TJPF_CMYK)
    let raster = try ImageDecoder.decode(bytes: jpeg, name: "k.jpg")
    #expect(raster.channels == 3)
    expectSamples(raster, repeated([Float(1), 0, 0], 64), tolerance: tolerance)
  }

  /// Without the Adobe marker the decoder sees plain CMYK (ink amounts). The stored components
  /// are then the YCC transform of the white-ink CMY: Y = 0, Cb = Cr = 128, with K = 64 as is.
  @Test func cmykWithoutAdobeMarkerIsReadAsInkAmounts() throws {
    let pixels = repeated([UInt8(255), 255, 255, 64], 64)
    let jpeg = makeJPEG(width: 8, height: 8, pixels: pixels, pixelFormat: TJPF_CMYK)
    let adobe = try ImageDecoder.decode(bytes: jpeg, name: "adobe.jpg")
    expectSamples(adobe, Array(repeating: 64 / 255, count: 192), tolerance: tolerance)

    let plain = try ImageDecoder.decode(bytes: removingAdobeSegments(jpeg), name: "plain.jpg")
    let light: Float = 1 - 64 / 255
    let chroma: Float = (1 - 128 / 255) * light
    let expected = repeated([light, chroma, chroma], 64)
    expectSamples(plain, expected, tolerance: tolerance)
  }

  @Test func probeReportsSizeAndChannels() throws {
    let jpeg = makeJPEG(
      width: 16, height: 8, pixels: Array(repeating: 7, count: 128),
      pixelFormat: TJPF_GRAY)
    let info = try ImageDecoder.probe(bytes: jpeg, name: "p.jpg")
    #expect(info == ImageInfo(width: 16, height: 8, channels: 1, format: "JPEG"))
  }
}
