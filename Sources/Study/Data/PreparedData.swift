import Foundation
import Imaging

/// A usable image of the study: where it came from and what decoding found.
public struct StudyImage: Sendable, Codable, Equatable {
  public let entry: ImageEntry
  /// class index into the study's class list
  public let label: Int
  public let originalWidth: Int
  public let originalHeight: Int
  public let originalChannels: Int
  /// mean gray level of the decoded original, in [0, 1]
  public let meanBrightness: Double
  /// FNV-1a hash of the decoded samples, equal for images with identical pixels
  public let pixelDigest: String
}

/// A file that could not be used, with the reason shown in the report.
public struct RejectedFile: Sendable, Codable, Equatable {
  public let file: String
  public let reason: String
}

/// Two images found to be the same picture.
public struct DuplicatePair: Sendable, Codable, Equatable {
  public let first: Int
  public let second: Int
  /// "identical pixels" or "near-identical at 16×16"
  public let kind: String
}

/// The output of the preprocessing stage: every usable image decoded and preprocessed by the
/// one code path used for training and evaluation alike.
public struct PreparedData: Sendable {
  public let classes: [String]
  public let images: [StudyImage]
  /// preprocessed pixels, image after image: count × size × size × channels, in [0, 1]
  public let pixels: [Float]
  public let size: Int
  public let channels: Int
  public let rejected: [RejectedFile]
  public let duplicates: [DuplicatePair]

  public var imageLength: Int { size * size * channels }

  public var labels: [Int] { images.map(\.label) }

  /// The preprocessed pixels of one image, [size, size, channels] row-major.
  public func pixels(of image: Int) -> ArraySlice<Float> {
    pixels[(image * imageLength)..<((image + 1) * imageLength)]
  }
}
