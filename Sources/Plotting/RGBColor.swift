/// An opaque colour with each channel in 0...1 (sRGB, as Cairo uses it).
public struct RGBColor: Sendable, Equatable, Hashable {
  /// Red, 0...1.
  public var r: Double
  /// Green, 0...1.
  public var g: Double
  /// Blue, 0...1.
  public var b: Double

  /// Creates a colour from channels in 0...1; values outside are clamped when drawn.
  public init(r: Double, g: Double, b: Double) {
    self.r = r
    self.g = g
    self.b = b
  }

  /// Creates a colour from a 0xRRGGBB literal, e.g. `RGBColor(hex: 0x0072B2)`.
  public init(hex: UInt32) {
    self.r = Double((hex >> 16) & 0xFF) / 255
    self.g = Double((hex >> 8) & 0xFF) / 255
    self.b = Double(hex & 0xFF) / 255
  }

  /// Pure black and white.
  public static let black = RGBColor(hex: 0x000000)
  public static let white = RGBColor(hex: 0xFFFFFF)

  /// Relative luminance (Rec. 709 weights on the stored channels), 0 (black) ... 1 (white).
  /// Used to pick dark or light text over a filled area.
  public var luminance: Double { 0.2126 * r + 0.7152 * g + 0.0722 * b }

  /// Linear blend: `t = 0` gives `self`, `t = 1` gives `other`.
  public func mixed(with other: RGBColor, amount t: Double) -> RGBColor {
    RGBColor(r: r + (other.r - r) * t, g: g + (other.g - g) * t, b: b + (other.b - b) * t)
  }
}

/// The colours every figure draws with, so that a class or a scorer looks the same everywhere.
///
/// Colours come from the Okabe-Ito palette, which stays distinguishable under the common forms
/// of colour blindness. It has eight colours; indices beyond that wrap around, so with more than
/// eight classes two classes share a colour and the legend text is what tells them apart.
public enum Palette {
  // Yellow and black come last: yellow is hard to see on white and black reads as "axis".
  private static let classOrder: [UInt32] = [
    0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0xCC79A7, 0x56B4E9, 0xF0E442, 0x000000,
  ]
  // A different order from the classes so that a scorer curve is not mistaken for a class.
  private static let scorerOrder: [UInt32] = [
    0xD55E00, 0x0072B2, 0x009E73, 0xCC79A7, 0xE69F00, 0x56B4E9, 0x000000, 0xF0E442,
  ]

  /// The colour of class `index` (0-based, in the study's class order); the same in every figure.
  /// - Precondition: `index >= 0`.
  public static func classColor(_ index: Int) -> RGBColor {
    precondition(index >= 0, "class index must be >= 0, got \(index)")
    return RGBColor(hex: classOrder[index % classOrder.count])
  }

  /// The colour of scorer `index` (0-based), for curves of different scorers in one chart.
  /// - Precondition: `index >= 0`.
  public static func scorerColor(_ index: Int) -> RGBColor {
    precondition(index >= 0, "scorer index must be >= 0, got \(index)")
    return RGBColor(hex: scorerOrder[index % scorerOrder.count])
  }

  /// Mid grey for reference lines such as chance level.
  public static let reference = RGBColor(hex: 0x777777)

  /// Okabe-Ito green for "correct" / "same" captions.
  public static let positive = RGBColor(hex: 0x009E73)

  /// Okabe-Ito vermillion for "wrong" / "different" captions.
  public static let negative = RGBColor(hex: 0xD55E00)
}
