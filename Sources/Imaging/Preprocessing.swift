/// The single preprocessing path used for training and evaluation alike.
///
/// `apply` converts channels, then resizes to `size` x `size` (the aspect ratio is not kept:
/// radiographs are close to square and stretching keeps the whole field of view), then
/// equalises if asked. Equalising last makes the output histogram flat-ish regardless of the
/// source resolution.
public struct Preprocessing: Codable, Sendable, Equatable, Hashable {
  /// Output side length in pixels; the output is `size` x `size`.
  public var size: Int = 100
  /// 1 = grayscale via BT.601 luma (the default), 3 = RGB with gray replicated (as the original
  /// notebook used).
  public var channels: Int = 1
  /// Apply `Raster.equalized()` after resizing.
  public var equalize: Bool = true

  public init(size: Int = 100, channels: Int = 1, equalize: Bool = true) {
    self.size = size
    self.channels = channels
    self.equalize = equalize
  }

  /// `raster` as a `size` x `size` x `channels` raster ready for the network.
  public func apply(_ raster: Raster) -> Raster {
    precondition(size > 0, "Preprocessing.size must be positive, got \(size)")
    precondition(
      channels == 1 || channels == 3,
      "Preprocessing.channels must be 1 or 3, "
        + "got \(channels)")
    let converted = channels == 1 ? raster.grayscale() : raster.rgb()
    let sized = converted.resized(width: size, height: size)
    return equalize ? sized.equalized() : sized
  }
}
