import Foundation
import Reporting

/// The sentences of a report that depend on the results.
enum ReportText {
  static func summary(_ results: StudyResults) -> String {
    let data = results.prepared
    let classes = data.classes.map(Format.text).joined(separator: ", ")
    var text =
      "This report splits \(Format.count(data.images.count)) images of "
      + "\(data.classes.count) classes (\(classes)) into training, validation and test images, "
      + "with \(results.configuration.split.train) training images per class, and measures how "
      + "well images can be matched to their class in N-way one-shot tests."
    if let headline = headline(results) {
      text += " " + headline
    }
    return text
  }

  /// "At 20-way, raw pixels pick the right class in 31.2 % [28.4, 34.1] of 1,000 trials."
  static func headline(_ results: StudyResults) -> String? {
    let test = results.nway.filter { $0.split == "test" }
    guard let n = test.map(\.n).filter({ $0 <= 20 }).max() ?? test.map(\.n).min() else {
      return nil
    }
    let parts = ReportFigures.orderedScorers(test).compactMap { scorer -> String? in
      guard let row = test.first(where: { $0.n == n && $0.scorer == scorer }) else { return nil }
      return "\(ScorerNames.phrase(scorer)) \(Format.accuracyWithInterval(row))"
    }
    return "At \(n)-way (chance \(Format.percent(1 / Double(n)))), the accuracy on the test split "
      + "is: " + parts.joined(separator: "; ") + "."
  }

  /// The numbers "Changes since the previous run" compares: the image count, N-way accuracy
  /// per scorer and N on the test split, assignment accuracy and the unknown-class figures,
  /// and the same for an external dataset.
  static func headlineMetrics(_ results: StudyResults) -> [String: String] {
    var metrics = ["images": Format.count(results.prepared.images.count)]
    func add(_ prefix: String, _ rows: [NWayResult], _ split: String) {
      for row in rows where row.split == split {
        metrics["\(prefix)\(row.n)-way \(ScorerNames.phrase(row.scorer))"] =
          Format.accuracyWithInterval(row)
      }
    }
    func add(_ prefix: String, _ assignment: AssignmentMetrics?, _ unknown: UnknownMetrics?) {
      if let assignment {
        metrics[prefix + "assignment accuracy"] = Format.percent(assignment.accuracy)
      }
      if let unknown {
        metrics[prefix + "unknown-class AUROC"] = Format.accuracy(unknown.auroc)
        metrics[prefix + "unknown images flagged"] = Format.percent(unknown.flaggedAtThreshold)
      }
    }
    add("", results.nway, "test")
    add("", results.assignment, results.unknown)
    if let external = results.external {
      metrics["external images"] = Format.count(external.images)
      add("external ", external.nway, "external")
      add("external ", external.assignment, external.unknown)
    }
    return metrics
  }

  static func dataSummary(_ results: StudyResults) -> String {
    let data = results.prepared
    let candidates = results.listing.entries.count
    var text =
      "The folder holds \(Format.count(candidates)) candidate files in "
      + "\(data.classes.count) class folders; \(Format.count(data.images.count)) decode as "
      + "usable images and \(Format.count(data.rejected.count)) "
      + (data.rejected.count == 1 ? "is" : "are") + " rejected."
    if results.listing.metadataFile != nil {
      let withPatient = data.images.filter { $0.entry.patientID != nil }.count
      let patients = Set(data.images.compactMap(\.entry.patientID)).count
      text +=
        " `metadata.csv` names a patient for \(Format.count(withPatient, "image")) "
        + "(\(Format.count(patients, "patient"))); images without one count as their own patient."
    } else {
      text +=
        " There is no `metadata.csv`, so each image counts as its own patient; if "
        + "patients repeat, add one so that the split can keep them together."
    }
    return text
  }

  static func splitStatement(_ results: StudyResults) -> String {
    let split = results.split
    let straddling = split.groups.filter { group in
      Set(group.members.map { split.splitOfImage[$0] }).count > 1
    }.count
    let patientGroups = split.groups.filter { $0.members.count > 1 }.count
    let verdict =
      straddling == 0
      ? "No patient and no duplicate straddles two splits"
      : "**\(Format.count(straddling, "group")) "
        + (straddling == 1 ? "straddles" : "straddle") + " two splits**"
    return "\(verdict) (checked over all \(Format.count(split.groups.count, "group")), "
      + "\(Format.count(patientGroups)) of which " + (patientGroups == 1 ? "holds" : "hold")
      + " more than one image). Cells give images "
      + "and, in brackets, groups (patients, joined with their duplicates)."
  }

  static func preprocessingSteps(_ settings: StudyConfiguration.PreprocessingSettings) -> String {
    var steps = [
      settings.channels == 1
        ? "convert to grayscale (ITU-R BT.601 luma)"
        : "convert to RGB (gray images are replicated)",
      "resize to \(settings.size)×\(settings.size) pixels (area averaging when shrinking, "
        + "bilinear when enlarging; the aspect ratio is not kept)",
    ]
    if settings.equalize { steps.append("equalise the histogram (256 levels)") }
    steps.append("scale samples to the range 0 to 1")
    return steps.joined(separator: ", ") + "."
  }

  static func pairShapes(_ configuration: StudyConfiguration) -> String {
    let b = configuration.pairs.batchSize
    let s = configuration.preprocessing.size
    let c = configuration.preprocessing.channels
    return "A batch holds \(b) pairs: the images as an array of shape (2, \(b), \(s), \(s), \(c)) "
      + "and the labels as an array of shape (\(b),), \(b / 2) ones and \(b / 2) zeros, as in the "
      + "reference notebook."
  }

  static func nwayScorers(_ results: StudyResults) -> String {
    var lines = [
      "- **Raw pixels (L1)**: the preprocessed pixels of two images, scored by their negative "
        + "L1 distance. This is the baseline any learned model has to beat."
    ]
    if results.nway.contains(where: { $0.scorer == "image-stats" }) {
      lines.append(
        "- **Image size and brightness**: only each original image's width, height and mean "
          + "brightness, each standardised, scored by their negative L1 distance (the shortcut "
          + "check below).")
    }
    if results.nway.contains(where: { $0.scorer == "siamese" }) {
      lines.insert(
        "- **Siamese network (trained)**: the network's similarity score for the two images.",
        at: 0)
      lines.insert(
        "- **Siamese network (untrained)**: the same network with its initial weights; what "
          + "the architecture gives before any learning.", at: 1)
    }
    return "Scorers compared:\n\n" + lines.joined(separator: "\n")
  }

  static func nwayDiscussion(_ results: StudyResults) -> String {
    var text = ""
    if !results.nwaySkipped.isEmpty {
      text += "Skipped: " + results.nwaySkipped.map(Format.text).joined(separator: "; ") + ".\n\n"
    }
    text +=
      "The reference notebook reported 96 % at 20-way and 88 % at 30-way from 100 trials, "
      + "but its pairs, validation and pretrained backbone had all seen its test images. Here the "
      + "test images never take part in training or model selection, and each N is scored on "
      + "\(Format.count(results.configuration.nway.trials, "trial"))."
    return text + reuseCaveat(results)
  }

  /// Trials share images, which the Wilson interval (independent trials) does not know: say how
  /// often an image recurs, so that the interval is read as trial noise, not as the whole
  /// uncertainty of these test images.
  static func reuseCaveat(_ results: StudyResults) -> String {
    let trained = Set(results.trainedClasses)
    let images = results.prepared.images.indices.filter {
      results.split.splitOfImage[$0] == .test && trained.contains(results.prepared.images[$0].label)
    }.count
    let test = results.nway.filter { $0.split == "test" }
    guard images > 0,
      let n = test.map(\.n).filter({ $0 <= 20 }).max() ?? test.map(\.n).min(),
      let trials = test.first(where: { $0.n == n })?.trials
    else { return "" }
    let uses = Double(trials * (n + 1)) / Double(images)
    guard uses > 1 else { return "" }
    return " At \(n)-way the \(Format.count(images, "test image")) of trained classes each take "
      + "part in about \(String(format: "%.0f", uses.rounded())) trials, so the trials are not "
      + "independent: the Wilson intervals, which assume they are, show the noise of the trial "
      + "draw and are narrower than the uncertainty of having these particular test images. "
      + "Another seed (another split and training draw) shows that larger variation."
  }

  static func shortcutStatement(_ results: StudyResults) -> String {
    let stats = results.nway.filter { $0.scorer == "image-stats" && $0.split == "test" }
    let far = stats.filter { $0.ci95[0] > 1.5 * $0.chance }
    guard !stats.isEmpty else { return "The test split was too small for this check." }
    if far.isEmpty {
      return "Image size and brightness alone stay near chance, so they give no strong hint of "
        + "the class here."
    }
    let example = far.max { $0.n < $1.n }!
    return "**Image size and brightness alone reach \(Format.accuracyWithInterval(example)) at "
      + "\(example.n)-way, far above chance (\(Format.percent(example.chance))).** The classes "
      + "differ in source (hospital, device, age group, file handling), not only in disease, so "
      + "any scorer may be using that difference and its accuracy may not transfer to images "
      + "from other sources."
  }

  static func changesSummary(_ changes: RunComparison) -> String {
    let images = changes.totals
    var parts = [
      "\(Format.count(images.added, "image")) added, \(Format.count(images.removed)) removed "
        + "and \(Format.count(images.changed)) changed in content"
    ]
    if !changes.parameters.isEmpty {
      parts.append("\(Format.count(changes.parameters.count, "parameter")) changed")
    }
    if !changes.metrics.isEmpty {
      parts.append("\(Format.count(changes.metrics.count, "headline figure")) moved")
    }
    return "Compared with the report this run replaced: " + parts.joined(separator: "; ")
      + ". Figures that did not move are not listed."
  }

  static func changesTable(_ changes: RunComparison) -> String {
    var rows: [[String]] = []
    for name in changes.images.keys.sorted() {
      let change = changes.images[name]!
      var cell = "+\(change.added) / −\(change.removed)"
      if change.changed > 0 { cell += " / \(change.changed) changed" }
      rows.append(["images of " + Format.text(name), "", cell])
    }
    for (parameter, old, new) in changes.parameters {
      rows.append([Format.file(parameter), Format.file(old), Format.file(new)])
    }
    for (metric, old, new) in changes.metrics { rows.append([metric, old, new]) }
    return Markdown.table(
      header: ["What", "Before", "Now"], rows: rows, alignments: [.left, .right, .right])
  }
}
