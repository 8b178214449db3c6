import Foundation
import Randomness

/// The class-specific finding added inside the lungs, as extra density at a point.
///
/// Each class has a consistent local look (a dense blob crossed by dark air bronchograms, a
/// fine-grained granular haze in patches, thin streaks from the hila), but its place, extent
/// and intensity vary widely from image to image. That is the point of the design: a network
/// with convolutions and pooling can learn the local look from a few examples, while raw-pixel
/// distances mostly compare where things are, and two signs of one class in different places
/// are no closer in pixel space than a sign and a clear lung. PixelBaselineTests pins how much
/// the pixels can still get.
enum DiseaseSign {
  case none
  /// Lobar consolidation in one lung: a dense blob with a ragged edge, crossed by branching
  /// air bronchograms (dark tubes of air inside the opaque lobe).
  case consolidation(
    x: Double, y: Double, radiusX: Double, radiusY: Double, strength: Double,
    bronchi: [Segment], edge: ValueNoise)
  /// Multifocal, mostly peripheral and lower-zone ground glass: soft patches of fine granular
  /// haze in both lungs.
  case groundGlass(patches: [Patch], strength: Double, grain: ValueNoise, fineGrain: ValueNoise)
  /// Diffuse bilateral interstitial streaks radiating from the hila, over a faint haze.
  case streaks(segments: [Segment], strength: Double, haze: Double)

  struct Segment { var x0: Double, y0: Double, x1: Double, y1: Double, width: Double }
  struct Patch { var x: Double, y: Double, radius: Double }

  init(className: String, anatomy: Anatomy, using rng: inout SplitMix64) {
    switch className {
    case "Bacteria":
      self = Self.consolidation(anatomy: anatomy, using: &rng)
    case "COVID-19":
      self = Self.groundGlass(anatomy: anatomy, using: &rng)
    case "Virus":
      self = Self.streaks(anatomy: anatomy, using: &rng)
    default:
      self = .none
    }
  }

  /// The right lower lobe is the commonest site, so the right lung (image left) is chosen
  /// three times in four and the lower zone half the time; the rest spreads over all lobes.
  private static func consolidation(anatomy: Anatomy, using rng: inout SplitMix64) -> Self {
    let lung = anatomy.lungs[rng.coin(0.75) ? 0 : 1]
    let zone = rng.coin(0.5) ? 0.5 : rng.uniform(-0.5, 0.3)
    let x = lung.centerX + lung.side * rng.uniform(-0.15, 0.3) * lung.radiusX
    let y = lung.centerY + zone * lung.radiusY + rng.uniform(-0.05, 0.05)
    let radiusX = lung.radiusX * rng.uniform(0.8, 1.15)
    let radiusY = rng.uniform(0.26, 0.38)

    // Bronchi enter from the hilum side and branch once as they run out through the lobe.
    var bronchi: [Segment] = []
    let hilumX = lung.centerX - lung.side * lung.radiusX * 0.6
    let toward = atan2(y - lung.centerY, (x - hilumX) * lung.side)
    for _ in 0..<(3 + rng.index(3)) {
      let angle = toward + rng.uniform(-0.6, 0.6)
      let startX = x - lung.side * cos(angle) * radiusX * 0.7
      let startY = y - sin(angle) * radiusY * 0.7
      let length = rng.uniform(0.5, 0.9) * (radiusX + radiusY)
      let width = rng.uniform(0.007, 0.011)
      let endX = startX + lung.side * cos(angle) * length
      let endY = startY + sin(angle) * length
      bronchi.append(Segment(x0: startX, y0: startY, x1: endX, y1: endY, width: width))
      let midX = (startX + endX) / 2
      let midY = (startY + endY) / 2
      let branch = angle + (rng.coin(0.5) ? 1 : -1) * rng.uniform(0.4, 0.8)
      let branchLength = length * rng.uniform(0.3, 0.5)
      bronchi.append(
        Segment(
          x0: midX, y0: midY, x1: midX + lung.side * cos(branch) * branchLength,
          y1: midY + sin(branch) * branchLength, width: width * 0.8))
    }
    return .consolidation(
      x: x, y: y, radiusX: radiusX, radiusY: radiusY, strength: rng.uniform(0.48, 0.6),
      bronchi: bronchi, edge: ValueNoise(cells: 6, using: &rng))
  }

  /// Three to six patches, at least one per lung, placed towards the lateral and lower lung.
  private static func groundGlass(anatomy: Anatomy, using rng: inout SplitMix64) -> Self {
    var patches: [Patch] = []
    let count = 4 + rng.index(4)
    for k in 0..<count {
      let lung = anatomy.lungs[k < 2 ? k : rng.index(2)]
      let lateral = rng.uniform(0.0, 0.75)
      let lower = rng.uniform(-0.5, 0.7)
      patches.append(
        Patch(
          x: lung.centerX + lung.side * lateral * lung.radiusX,
          y: lung.centerY + lower * lung.radiusY, radius: rng.uniform(0.15, 0.26)))
    }
    return .groundGlass(
      patches: patches, strength: rng.uniform(0.32, 0.42),
      grain: ValueNoise(cells: 40, using: &rng), fineGrain: ValueNoise(cells: 64, using: &rng))
  }

  private static func streaks(anatomy: Anatomy, using rng: inout SplitMix64) -> Self {
    var segments: [Segment] = []
    for lung in anatomy.lungs {
      let hilumX = lung.centerX - lung.side * lung.radiusX * 0.55
      let hilumY = lung.centerY + rng.uniform(-0.05, 0.05)
      for _ in 0..<(40 + rng.index(30)) {
        let angle = rng.uniform(-1.3, 1.3)
        let start = rng.uniform(0.02, 0.25)
        let length = rng.uniform(0.1, 0.35)
        let dx = lung.side * cos(angle)
        let dy = sin(angle)
        segments.append(
          Segment(
            x0: hilumX + dx * start, y0: hilumY + dy * start,
            x1: hilumX + dx * (start + length), y1: hilumY + dy * (start + length),
            width: rng.uniform(0.005, 0.01)))
      }
    }
    return .streaks(
      segments: segments, strength: rng.uniform(0.08, 0.16), haze: rng.uniform(0.24, 0.34))
  }

  /// Extra density at (x, y) before masking by the lungs.
  func density(_ x: Double, _ y: Double, anatomy: Anatomy) -> Double {
    switch self {
    case .none:
      return 0
    case .consolidation(let cx, let cy, let rx, let ry, let strength, let bronchi, let edge):
      let dx = (x - cx) / rx
      let dy = (y - cy) / ry
      let ragged = 0.35 * (edge(x, y) - 0.5)
      let inside = softInside(dx * dx + dy * dy - 1 + ragged, width: 0.5)
      if inside <= 0 { return 0 }
      var air = 0.0
      for s in bronchi {
        let d = Self.distance(x, y, s)
        if d < s.width * 2 { air = max(air, softInside(d - s.width, width: s.width)) }
      }
      return strength * inside * (0.85 + 0.15 * edge(3 * x, 3 * y)) * (1 - 0.6 * air)
    case .groundGlass(let patches, let strength, let grain, let fineGrain):
      var cover = 0.0
      for p in patches {
        let dx = x - p.x
        let dy = y - p.y
        let r = (dx * dx + dy * dy).squareRoot() / p.radius
        cover = max(cover, softInside(r - 1, width: 0.8))
      }
      if cover <= 0 { return 0 }
      let granular = 0.55 * grain(x, y) + 0.45 * fineGrain(x, y)
      return strength * cover * (0.15 + 2 * granular * granular)
    case .streaks(let segments, let strength, let haze):
      var line = 0.0
      for s in segments {
        let d = Self.distance(x, y, s)
        if d < s.width * 2 { line = max(line, softInside(d - s.width, width: s.width)) }
      }
      // The haze is heaviest around the hila and fades towards the lateral lung borders.
      var central = 0.0
      for lung in anatomy.lungs {
        central = max(
          central,
          1 - 0.6 * abs(x - lung.centerX + lung.side * 0.3 * lung.radiusX)
            / lung.radiusX)
      }
      return strength * line + haze * central
    }
  }

  private static func distance(_ x: Double, _ y: Double, _ s: Segment) -> Double {
    let vx = s.x1 - s.x0
    let vy = s.y1 - s.y0
    let t = min(max(((x - s.x0) * vx + (y - s.y0) * vy) / (vx * vx + vy * vy), 0), 1)
    let px = s.x0 + t * vx - x
    let py = s.y0 + t * vy - y
    return (px * px + py * py).squareRoot()
  }
}
