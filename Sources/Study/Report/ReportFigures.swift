import Foundation
import Imaging
import Plotting

/// The figures of a report, each drawn from the run's results.
enum ReportFigures {
  /// The file name (without .png) of each figure.
  enum Name: String, CaseIterable {
    case preprocessing
    case pairs
    case loss
    case nwayTest = "nway-test"
    case nwaySeen = "nway-seen"
    case confusion
    case map = "embedding-map"
    case roc
  }

  /// Draws every figure the results support into `folder` as `<name>.png`.
  static func writeAll(_ results: StudyResults, into folder: URL) throws {
    func save(_ name: Name, _ png: [UInt8]) throws {
      try Data(png).write(to: folder.appendingPathComponent(name.rawValue + ".png"))
    }
    try save(.preprocessing, preprocessing(results))
    try save(.pairs, pairs(results))
    try save(.loss, loss(results.history))
    try save(
      .nwayTest,
      nway(
        results.nway.filter { $0.scorer != "image-stats" }, split: "test",
        title: "N-way one-shot accuracy on the test split (unseen images)"))
    // The training split is small, so every N asked for may be too large for it.
    if results.nway.contains(where: { $0.split == "train" }) {
      try save(
        .nwaySeen,
        nway(
          results.nway, split: "train",
          title: "N-way one-shot accuracy on the training images (seen)"))
    }
    if let assignment = results.assignment {
      try save(.confusion, confusion(assignment))
    }
    if let map = results.map {
      try save(.map, embeddingMap(map, classes: results.prepared.classes))
    }
    if let unknown = results.unknown {
      try save(.roc, roc(unknown))
    }
  }

  static func loss(_ history: TrainingHistory) throws -> [UInt8] {
    let epochs = history.epochs.map { Double($0.epoch) }
    var markers = history.learningRateDrops.map { epoch in
      let rate = history.epochs.first { $0.epoch == epoch + 1 }?.learningRate
      return LineChart.VerticalMarker(
        x: Double(epoch) + 0.5,
        label: rate.map { String(format: "LR → %.2g", $0) } ?? "LR lowered")
    }
    markers.append(
      LineChart.VerticalMarker(
        x: Double(history.bestEpoch), label: "best epoch \(history.bestEpoch)",
        color: Palette.positive, dashed: false))
    var chart = LineChart.lossCurves(
      title: "Training and validation loss",
      lossName: "Binary cross-entropy (mean per pair)",
      curves: [
        LineChart.LossCurve(
          name: "Training (mean over the epoch)", epochs: epochs,
          losses: history.epochs.map(\.trainingLoss), color: Palette.scorerColor(0)),
        LineChart.LossCurve(
          name: "Validation (fixed pairs)", epochs: epochs,
          losses: history.epochs.map(\.validationLoss), color: Palette.scorerColor(2),
          dashed: true),
      ], markers: markers)
    // Outside, so that it never hides the marker labels along the top.
    chart.legend = .outsideRight
    return try chart.pngData()
  }

  static func confusion(_ assignment: AssignmentMetrics) throws -> [UInt8] {
    try ConfusionMatrixChart(
      title: "Test images assigned to the most similar class", labels: assignment.classes,
      counts: assignment.confusion
    ).pngData()
  }

  static func embeddingMap(_ map: EmbeddingMap, classes: [String]) throws -> [UInt8] {
    var groups: [ScatterChart.Group] = []
    // Training images last, so that the few crosses are drawn over the many test dots.
    for split in ["test", "train"] {
      for (label, name) in classes.enumerated() {
        let points = map.points.filter { $0.label == label && $0.split == split }
        guard !points.isEmpty else { continue }
        groups.append(
          ScatterChart.Group(
            name: "\(name) (\(split == "train" ? "training" : "test"))",
            color: Palette.classColor(label), xs: points.map(\.x), ys: points.map(\.y),
            marker: split == "train" ? .cross : .filledCircle))
      }
    }
    let ratios = map.explainedVarianceRatio.map { String(format: "%.0f %%", $0 * 100) }
    return try ScatterChart(
      title: "Test embeddings on their first two principal components",
      xLabel: "PC 1 (\(ratios.first ?? "?") of variance)",
      yLabel: "PC 2 (\(ratios.dropFirst().first ?? "?") of variance)", groups: groups,
      legend: .outsideRight
    ).pngData()
  }

  static func roc(_ unknown: UnknownMetrics) throws -> [UInt8] {
    try LineChart.roc(
      title: "Flagging held-out classes as unknown",
      curves: [
        LineChart.ROCCurve(
          name: String(format: "Siamese network (AUROC %.3f)", unknown.auroc),
          falsePositiveRates: unknown.roc.falsePositiveRates,
          truePositiveRates: unknown.roc.truePositiveRates, color: Palette.scorerColor(0))
      ], xLabel: "False positive rate (known-class test images flagged)",
      yLabel: "True positive rate (held-out-class test images flagged)"
    ).pngData()
  }

  static func plotImage(_ raster: Raster) -> PlotImage {
    PlotImage(
      width: raster.width, height: raster.height, channels: raster.channels,
      samples: raster.samples)
  }

  static func plotImage(_ data: PreparedData, image: Int) -> PlotImage {
    PlotImage(
      width: data.size, height: data.size, channels: data.channels,
      samples: Array(data.pixels(of: image)))
  }

  /// Originals beside their preprocessed versions: two training images of each class.
  static func preprocessing(_ results: StudyResults) throws -> [UInt8] {
    var cells: [ImageGrid.Cell] = []
    var headers: [String] = []
    let data = results.prepared
    for (label, name) in data.classes.enumerated() {
      // Two per class keeps each class on one row of the grid.
      let examples = results.trainImages.filter { data.images[$0].label == label }.prefix(2)
      guard examples.count == 2 else { continue }
      headers.append(name)
      for image in examples {
        let record = data.images[image]
        let url = results.datasetFolder.appendingPathComponent(record.entry.file)
        let original = try ImageDecoder.decode(file: url)
        cells.append(
          ImageGrid.Cell(
            pixels: plotImage(original),
            caption: "original \(record.originalWidth)×\(record.originalHeight)"))
        cells.append(
          ImageGrid.Cell(
            pixels: plotImage(data, image: image), caption: "\(data.size)×\(data.size)"))
      }
    }
    return try ImageGrid(
      title: "Originals and what the network sees", columns: 2, cells: cells, cellSize: 150,
      rowHeaders: headers, layout: .pairs
    ).pngData()
  }

  /// The first pairs of a training batch, captioned Same or Different.
  static func pairs(_ results: StudyResults, count: Int = 8) throws -> [UInt8] {
    let batch = results.pairSample
    let same = batch.pairs.indices.filter { batch.labels[$0] == 1 }.prefix(count / 2)
    let different = batch.pairs.indices.filter { batch.labels[$0] == 0 }.prefix(count / 2)
    var cells: [ImageGrid.Cell] = []
    for index in zip(same, different).flatMap({ [$0, $1] }) {
      let pair = batch.pairs[index]
      let isSame = batch.labels[index] == 1
      let first = results.trainImages[pair.first]
      let second = results.trainImages[pair.second]
      let classes = results.prepared.classes
      let firstClass = classes[results.prepared.images[first].label]
      let secondClass = classes[results.prepared.images[second].label]
      cells.append(
        ImageGrid.Cell(
          pixels: plotImage(results.prepared, image: first),
          caption: isSame ? "Same" : "Different",
          captionColor: isSame ? Palette.positive : Palette.negative))
      cells.append(
        ImageGrid.Cell(
          pixels: plotImage(results.prepared, image: second),
          caption: isSame ? firstClass : "\(firstClass) / \(secondClass)"))
    }
    return try ImageGrid(
      title: "Sample training pairs (label 1 = same class, 0 = different)", columns: 4,
      cells: cells, cellSize: 120, layout: .pairs
    ).pngData()
  }

  /// Accuracy against N for every scorer on one split, with Wilson bands and chance.
  static func nway(_ results: [NWayResult], split: String, title: String) throws -> [UInt8] {
    let scorers = orderedScorers(results.filter { $0.split == split })
    let curves = scorers.enumerated().map { index, scorer in
      let rows = results.filter { $0.split == split && $0.scorer == scorer }.sorted { $0.n < $1.n }
      return LineChart.AccuracyCurve(
        name: ScorerNames.label(scorer), ways: rows.map(\.n), accuracy: rows.map(\.accuracy),
        lower: rows.map { $0.ci95[0] }, upper: rows.map { $0.ci95[1] },
        color: Palette.scorerColor(ScorerNames.colorIndex(scorer)))
    }
    return try LineChart.accuracyVersusWays(title: title, curves: curves).pngData()
  }

  static func orderedScorers(_ results: [NWayResult]) -> [String] {
    var seen: [String] = []
    for result in results where !seen.contains(result.scorer) { seen.append(result.scorer) }
    return seen.sorted { ScorerNames.colorIndex($0) < ScorerNames.colorIndex($1) }
  }
}

/// How each scorer is named in tables and legends; one colour per scorer in every figure.
enum ScorerNames {
  static let order = ["siamese", "untrained", "pixels", "image-stats"]

  static func label(_ scorer: String) -> String {
    switch scorer {
    case "siamese": return "Siamese network (trained)"
    case "untrained": return "Siamese network (untrained)"
    case "pixels": return "Raw pixels (L1)"
    case "image-stats": return "Image size and brightness"
    default: return scorer
    }
  }

  /// The label inside a sentence: "raw pixels (L1)".
  static func phrase(_ scorer: String) -> String {
    let text = label(scorer)
    return text.prefix(1).lowercased() + text.dropFirst()
  }

  static func colorIndex(_ scorer: String) -> Int { order.firstIndex(of: scorer) ?? order.count }
}
