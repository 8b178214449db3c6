/// All help text of the program, in one place.
enum HelpText {
  static let overview = """
    siamese-report: a reproducible few-shot study of chest X-ray images, written up as a report.

    USAGE
      siamese-report [run] [--data DIR] [--out DIR] [options]
      siamese-report status [run options]
      siamese-report predict --model DIR [--json] [--embedding] [--threads N] IMAGE...
      siamese-report bench [--json] [--threads N] [--steps N]

    COMMANDS
      run       (default) split the data, train the Siamese network, evaluate it and write
                report.md, report.html, figures/, metrics.json and split.csv
      status    say which stages of the next run are up to date, why the others are stale,
                and which may rerun after a stale one, without running anything
      predict   classify images with a trained model folder and flag unknown ones
      bench     measure the numeric engine on the reference network

    RUN OPTIONS
      --data DIR          dataset folder: one sub-folder per class of PNG/JPEG images, optional
                          metadata.csv (file, patient_id). Default: the one dataset under data/,
                          or the built-in synthetic demo set when there is none
      --out DIR           report folder (default: reports/<dataset name>); replaced as a
                          whole, so it must be new, empty or an earlier report, and outside
                          the dataset
      --config FILE       study parameters as JSON (see recipes/); left-out keys keep defaults
      --seed N            seed of every random choice (overrides the configuration)
      --threads N         worker threads (overrides the configuration; default 2)
      --template FILE     your own Markdown narrative instead of the built-in one:
                          {{name}} inserts a value (a table, figure or sentence),
                          {{#name}}...{{/name}} keeps text only when section name applies
                          ({{^name}} only when it does not); an unknown name is an error
                          listing the valid ones
      --external DIR      also score the trained model on a second dataset
      --force STAGE       rerun STAGE and what depends on it (repeatable; "all" for every stage)
      --self-contained    embed the figures in report.html as data URIs
      --quiet             no progress on stderr

    PREDICT OPTIONS
      --model DIR         the model/ folder of a report (not the report folder itself)
      --json              one JSON array: an entry per image, with "error" for an image that
                          cannot be read
      --embedding         also print each image's embedding
      --threads N         worker threads (default 2)
      An image that cannot be read is named on stderr and the others are still classified;
      the exit code is then 3.

    BENCH OPTIONS
      --json              results as JSON
      --threads N         worker threads (default 2)
      --steps N           timed training steps, best one reported (1-100; default 3)

    OTHER
      --help, -h          this text
      --version           program version (and git commit when built from a checkout)

    EXAMPLES
      siamese-report                                   # demo data -> reports/demo/report.html
      siamese-report --data ~/xray --config recipes/chest-xray.json
      siamese-report status --data ~/xray --config recipes/chest-xray.json
      siamese-report predict --model reports/xray/model --json scan1.png scan2.jpg

    EXIT CODES
      0 success; 1 the run failed; 2 wrong command line; 3 a problem with the data, the
      configuration, the template or the model that you can fix (the message says what), or
      an image that predict could not read; 130 interrupted (Ctrl-C); 143 terminated
      (SIGTERM). A failed or interrupted run leaves the previous report in place.
    """
}
