import Foundation
import Randomness

/// One patient's body, drawn in patient coordinates: x in [-1, 1] left to right across the
/// image (the patient's left is +x, as on a PA film), y in [-1, 1] top to bottom.
struct Anatomy {
  struct Lung {
    var side: Double  // -1 image left (patient right), +1 image right
    var centerX: Double, centerY: Double, radiusX: Double, radiusY: Double
    var domeTop: Double  // y of the diaphragm dome apex
    var domeDepth: Double  // how far the dome falls off towards the lung edges
  }

  var bodyHalfWidth: Double
  var lungs: [Lung]
  var heartX: Double, heartY: Double, heartRadiusX: Double, heartRadiusY: Double
  var mediastinumHalfWidth: Double
  var ribTop: Double, ribSpacing: Double, ribBend: Double, ribThickness: Double
  var tissueTexture: ValueNoise
  var vesselTexture: ValueNoise

  init(using rng: inout SplitMix64) {
    bodyHalfWidth = rng.uniform(0.9, 1.0)
    let lungOffset = rng.uniform(0.34, 0.38)
    let lungCenterY = rng.uniform(-0.08, -0.03)
    let lungRadiusY = rng.uniform(0.53, 0.6)
    lungs = [-1.0, 1.0].map { side in
      let radiusX = rng.uniform(0.25, 0.29)
      // The right dome (image left) sits higher because of the liver.
      let domeTop = lungCenterY + lungRadiusY * rng.uniform(0.55, 0.75) - (side < 0 ? 0.05 : 0)
      return Lung(
        side: side, centerX: side * (lungOffset + rng.uniform(-0.01, 0.01)),
        centerY: lungCenterY + rng.uniform(-0.015, 0.015), radiusX: radiusX,
        radiusY: lungRadiusY * rng.uniform(0.97, 1.03), domeTop: domeTop,
        domeDepth: rng.uniform(0.12, 0.25))
    }
    heartX = rng.uniform(0.07, 0.13)
    heartY = lungCenterY + lungRadiusY * rng.uniform(0.3, 0.4)
    heartRadiusX = rng.uniform(0.32, 0.4)
    heartRadiusY = rng.uniform(0.25, 0.32)
    mediastinumHalfWidth = rng.uniform(0.06, 0.09)
    ribTop = lungCenterY - lungRadiusY - rng.uniform(0.0, 0.06)
    ribSpacing = rng.uniform(0.11, 0.15)
    ribBend = rng.uniform(0.25, 0.45)
    ribThickness = rng.uniform(0.018, 0.03)
    tissueTexture = ValueNoise(cells: 9, using: &rng)
    vesselTexture = ValueNoise(cells: 22, using: &rng)
  }

  /// Soft lung membership in [0, 1] for one lung at (x, y).
  func lungMask(_ lung: Lung, _ x: Double, _ y: Double) -> Double {
    let dx = (x - lung.centerX) / lung.radiusX
    let dy = (y - lung.centerY) / lung.radiusY
    // A superellipse with exponent 2.6 gives the flatter medial and lateral borders of a lung.
    let shape = pow(abs(dx), 2.6) + pow(abs(dy), 2.2)
    let outline = softInside((shape - 1) * 0.25, width: 0.04)
    let dome = lung.domeTop + lung.domeDepth * dx * dx
    let aboveDiaphragm = softInside(y - dome, width: 0.04)
    return outline * aboveDiaphragm
  }

  /// Total lung membership, the region where disease signs may appear.
  func lungMask(_ x: Double, _ y: Double) -> Double {
    min(1, lungs.reduce(0) { $0 + lungMask($1, x, y) })
  }

  /// Density (higher is whiter on the film) of the healthy chest at (x, y), roughly in [0, 1].
  func density(_ x: Double, _ y: Double, lungs lungAmount: Double) -> Double {
    // Shoulders and trunk: a superellipse that runs off the bottom, and a neck above it.
    let trunk = pow(abs(x / bodyHalfWidth), 4) + pow(abs((y - 0.25) / 1.2), 4)
    let neck = abs(x) < 0.22 && y < -0.6 ? 1.0 : 0.0
    let body = max(
      softInside(trunk - 1, width: 0.06), neck * softInside(abs(x) - 0.22, width: 0.04))
    // The chest is thickest in the middle, so soft tissue whitens towards the midline.
    let thickness = 1 - 0.5 * min(abs(x) / bodyHalfWidth, 1)
    var d = 0.03 + body * (0.25 + 0.25 * thickness + 0.04 * tissueTexture(x, y))

    // Lungs are mostly air: they pull the soft-tissue density down, except for the vessel
    // markings, which normal lungs show too.
    d -= body * lungAmount * (0.3 - 0.05 * vesselTexture(x, y))

    // Mediastinum and spine down the middle, the heart bulging to the patient's left.
    let mediastinum = softInside(abs(x) - mediastinumHalfWidth, width: 0.04)
    d = max(d, body * mediastinum * 0.62)
    let hx = (x - heartX) / heartRadiusX
    let hy = (y - heartY) / heartRadiusY
    let heart = softInside(hx * hx + hy * hy - 1, width: 0.2)
    d = max(d, body * heart * 0.58)
    let spine = softInside(abs(x) - 0.05, width: 0.02)
    d += body * spine * 0.1 * (0.8 + 0.2 * cos(y * 60))

    // Posterior ribs: arcs leaving the spine on each side and bending down laterally.
    if abs(x) > 0.04 && abs(x) < bodyHalfWidth {
      let lateral = abs(x) - 0.04
      let drop = ribBend * lateral * lateral + 0.18 * lateral
      let phase = (y - ribTop - drop) / ribSpacing
      if phase > -0.5 && phase < 10 {
        let offset = (phase - phase.rounded()) * ribSpacing
        d +=
          body * (0.015 + 0.05 * lungAmount)
          * softInside(abs(offset) - ribThickness, width: 0.015)
      }
    }

    // Clavicles: gently sloping bars across the top.
    let clavicleY = -0.78 + 0.12 * (abs(x) - 0.1)
    if abs(x) > 0.08 && abs(x) < 0.6 {
      d += body * 0.12 * softInside(abs(y - clavicleY) - 0.025, width: 0.015)
    }
    return d
  }
}
