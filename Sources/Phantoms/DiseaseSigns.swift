import Foundation

/// The class-specific finding added inside the lungs, as extra density at a point.
///
/// Each sign has a random place, extent and intensity, so the classes overlap in pixel space:
/// an upper-zone or left-sided consolidation looks little like the typical right lower one, and
/// the Virus haze and the COVID-19 haze both brighten the lower lungs. The ranges were tuned so
/// that raw-pixel nearest neighbour on equalised 100 x 100 images scores about a third at
/// 20-way one-shot (see PixelBaselineTests); wider ranges push it towards chance quickly,
/// because pixel distances are dominated by anatomy and positioning.
enum DiseaseSign {
  case none
  /// Dense lobar consolidation in one lung: an irregular blob with a soft edge.
  case consolidation(x: Double, y: Double, radiusX: Double, radiusY: Double, strength: Double,
    edge: ValueNoise)
  /// Bilateral, peripheral, lower-zone ground-glass haze with a patchy texture.
  case groundGlass(strength: Double, reach: Double, patches: ValueNoise)
  /// Diffuse bilateral interstitial streaks radiating from the hila, over a faint haze.
  case streaks(segments: [Segment], strength: Double, haze: Double)

  struct Segment { var x0: Double, y0: Double, x1: Double, y1: Double, width: Double }

  init(className: String, anatomy: Anatomy, using rng: inout SplitMix64) {
    switch className {
    case "Bacteria":
      // The right lower lobe is the commonest site: the right lung (image left) 4 times in 5,
      // the lower zone 4 times in 5, else the middle or upper zone.
      let lung = anatomy.lungs[rng.coin(0.8) ? 0 : 1]
      let zone = rng.coin(0.8) ? 1.0 : Double(rng.index(2)) - 1
      self = .consolidation(
        x: lung.centerX + lung.side * rng.uniform(-0.05, 0.1) * lung.radiusX,
        y: lung.centerY + zone * 0.4 * lung.radiusY + rng.uniform(-0.05, 0.05),
        radiusX: lung.radiusX * rng.uniform(0.9, 1.4), radiusY: rng.uniform(0.28, 0.45),
        strength: rng.uniform(0.45, 0.6), edge: ValueNoise(cells: 6, using: &rng))
    case "COVID-19":
      self = .groundGlass(
        strength: rng.uniform(0.42, 0.58), reach: rng.uniform(0.7, 1.0),
        patches: ValueNoise(cells: 7, using: &rng))
    case "Virus":
      var segments: [Segment] = []
      for lung in anatomy.lungs {
        let hilumX = lung.centerX - lung.side * lung.radiusX * 0.55
        let hilumY = lung.centerY + rng.uniform(-0.05, 0.05)
        for _ in 0..<(40 + rng.index(30)) {
          let angle = rng.uniform(-1.3, 1.3)
          let start = rng.uniform(0.02, 0.25), length = rng.uniform(0.1, 0.35)
          let dx = lung.side * cos(angle), dy = sin(angle)
          segments.append(
            Segment(
              x0: hilumX + dx * start, y0: hilumY + dy * start,
              x1: hilumX + dx * (start + length), y1: hilumY + dy * (start + length),
              width: rng.uniform(0.005, 0.01)))
        }
      }
      self = .streaks(
        segments: segments, strength: rng.uniform(0.08, 0.16), haze: rng.uniform(0.24, 0.34))
    default:
      self = .none
    }
  }

  /// Extra density at (x, y) before masking by the lungs.
  func density(_ x: Double, _ y: Double, anatomy: Anatomy) -> Double {
    switch self {
    case .none:
      return 0
    case .consolidation(let cx, let cy, let rx, let ry, let strength, let edge):
      let dx = (x - cx) / rx, dy = (y - cy) / ry
      let ragged = 0.35 * (edge(x, y) - 0.5)
      let inside = softInside(dx * dx + dy * dy - 1 + ragged, width: 0.6)
      // Mottled rather than uniform density, a nod to the air bronchograms of real lobes.
      return strength * inside * (0.8 + 0.2 * edge(3 * x, 3 * y))
    case .groundGlass(let strength, let reach, let patches):
      var total = 0.0
      for lung in anatomy.lungs {
        // 0 at the medial border, 1 at the lateral border of this lung.
        let lateral = (lung.side * (x - lung.centerX) / lung.radiusX + 1) / 2
        let lower = (y - lung.centerY) / lung.radiusY
        total += smoothstep((lateral - (1 - reach)) / 0.4) * smoothstep((lower + 0.3) / 0.6)
      }
      return strength * min(total, 1) * (0.4 + 0.9 * patches(x, y))
    case .streaks(let segments, let strength, let haze):
      var line = 0.0
      for s in segments {
        let d = distance(x, y, s)
        if d < s.width * 2 { line = max(line, softInside(d - s.width, width: s.width)) }
      }
      // The haze is heaviest around the hila and fades towards the lateral lung borders.
      var central = 0.0
      for lung in anatomy.lungs {
        central = max(central, 1 - 0.6 * abs(x - lung.centerX + lung.side * 0.3 * lung.radiusX)
          / lung.radiusX)
      }
      return strength * line + haze * central
    }
  }

  private func distance(_ x: Double, _ y: Double, _ s: Segment) -> Double {
    let vx = s.x1 - s.x0, vy = s.y1 - s.y0
    let t = min(max(((x - s.x0) * vx + (y - s.y0) * vy) / (vx * vx + vy * vy), 0), 1)
    let px = s.x0 + t * vx - x, py = s.y0 + t * vy - y
    return (px * px + py * py).squareRoot()
  }
}
