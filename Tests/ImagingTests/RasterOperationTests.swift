import Foundation
import Imaging
import Testing

@Suite struct ResizeTests {
  @Test func fourToTwoAveragesBlocks() {
    let source = Raster(width: 4, height: 4, channels: 1, samples: (0..<16).map { Float($0) / 15 })
    let out = source.resized(width: 2, height: 2)
    // Block means of 0 1 4 5, 2 3 6 7, 8 9 12 13, 10 11 14 15.
    let means: [Float] = [2.5, 4.5, 10.5, 12.5]
    expectSamples(out, means.map { $0 / 15 })
  }

  /// 3 -> 2 gives weights (2/3, 1/3, 0) and (0, 1/3, 2/3) on each axis. With samples k / 8 for
  /// k = 0...8 row-major, output (i, j) is sum over source pixels of 9 * w_i * w_j * k, over 9,
  /// over 8: top-left (4*0 + 2*1 + 2*3 + 1*4) / 72 = 1/6, and so on.
  @Test func threeToTwoUsesFractionalAreaWeights() {
    let source = Raster(width: 3, height: 3, channels: 1, samples: (0..<9).map { Float($0) / 8 })
    let out = source.resized(width: 2, height: 2)
    let weighted: [Float] = [12, 24, 48, 60]  // 4*0+2*1+2*3+1*4, 2*1+4*2+1*4+2*5, ...
    let expected = weighted.map { $0 / 9 / 8 }
    expectSamples(out, expected)
  }

  @Test func shrinkingKeepsTheMeanOnEveryChannel() {
    let samples: [Float] = (0..<105).map { (i: Int) -> Float in Float((i * 37) % 101) / 100 }
    let source = Raster(width: 7, height: 5, channels: 3, samples: samples)
    let out = source.resized(width: 3, height: 2)
    #expect(abs(out.meanSample - source.meanSample) < 1e-5)
    #expect(out.width == 3 && out.height == 2 && out.channels == 3)
  }

  /// Enlarging 2 -> 4 samples source positions -0.25 (clamped to 0), 0.25, 0.75, 1.25 (-> 1).
  @Test func enlargingIsBilinearWithClampedEdges() {
    let source = Raster(width: 2, height: 1, channels: 1, samples: [0.2, 1.0])
    let out = source.resized(width: 4, height: 1)
    expectSamples(out, [0.2, 0.4, 0.8, 1.0])
  }

  @Test func sameSizeIsIdentity() {
    let source = Raster(width: 2, height: 2, channels: 1, samples: [0.1, 0.2, 0.3, 0.4])
    #expect(source.resized(width: 2, height: 2) == source)
  }
}

@Suite struct ColourAndEqualisationTests {
  @Test func grayscaleUsesBT601Weights() {
    let colour = Raster(
      width: 3, height: 1, channels: 3,
      samples: [1, 0, 0, 0, 1, 0, 0, 0, 1])
    expectSamples(colour.grayscale(), [0.299, 0.587, 0.114])
    let gray = Raster(width: 1, height: 1, channels: 1, samples: [0.5])
    #expect(gray.grayscale() == gray)
  }

  @Test func rgbReplicatesGray() {
    let gray = Raster(width: 2, height: 1, channels: 1, samples: [0.25, 0.75])
    #expect(gray.rgb().samples == [0.25, 0.25, 0.25, 0.75, 0.75, 0.75])
    #expect(gray.rgb().rgb() == gray.rgb())
  }

  /// Levels 0, 0, 128, 255 give cdf 2, 2, 3, 4 with cdfMin 2 and N 4:
  /// 0 -> 0, 128 -> (3 - 2) / 2, 255 -> 1.
  @Test func equalisationFollowsTheCdfMapping() {
    let source = Raster(width: 4, height: 1, channels: 1, samples: [0, 0, 128 / 255, 1])
    expectSamples(source.equalized(), [0, 0, 0.5, 1])
  }

  /// Darkest used level -> 0 and brightest -> 1 even when the input spans a narrow range;
  /// levels 51, 51, 51, 102, 153 give (3-3)/2, (4-3)/2, (5-3)/2.
  @Test func equalisationStretchesANarrowRange() {
    let source = Raster(
      width: 5, height: 1, channels: 1,
      samples: [0.2, 0.2, 0.2, 0.4, 0.6])
    expectSamples(source.equalized(), [0, 0, 0, 0.5, 1])
  }

  @Test func equalisationWorksPerChannelAndLeavesFlatChannelsAlone() {
    let source = Raster(width: 2, height: 1, channels: 3, samples: [0.1, 0.3, 0.5, 0.9, 0.3, 0.6])
    expectSamples(source.equalized(), [0, 0.3, 0, 1, 0.3, 1])
  }

  @Test func meanSampleAveragesAllSamples() {
    let raster = Raster(width: 2, height: 1, channels: 3, samples: [0, 0.5, 1, 1, 1, 0.5])
    #expect(abs(raster.meanSample - 4 / 6) < 1e-7)
  }
}

@Suite struct PreprocessingTests {
  @Test func defaultsGiveEqualisedGrayHundredSquare() {
    let source = Raster(
      width: 256, height: 180, channels: 3,
      samples: (0..<(256 * 180 * 3)).map { Float($0 % 256) / 255 })
    let out = Preprocessing().apply(source)
    #expect(out.width == 100 && out.height == 100 && out.channels == 1)
    #expect(out.samples.min() == 0 && out.samples.max() == 1)
  }

  @Test func threeChannelsWithoutEqualisationIsAPlainResize() {
    let source = Raster(width: 4, height: 4, channels: 1, samples: (0..<16).map { Float($0) / 15 })
    let settings = Preprocessing(size: 2, channels: 3, equalize: false)
    #expect(settings.apply(source) == source.rgb().resized(width: 2, height: 2))
  }

  @Test func codableRoundTrip() throws {
    let settings = Preprocessing(size: 64, channels: 3, equalize: false)
    let data = try JSONEncoder().encode(settings)
    #expect(try JSONDecoder().decode(Preprocessing.self, from: data) == settings)
  }
}
