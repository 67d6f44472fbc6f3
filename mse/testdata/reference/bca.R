# Records SparseMSE's BCa bootstrap interval (estimatepopulation: 1000
# multinomial resamples of the observed records, stepwise pthresh 0.02 refitted
# in each, jackknife acceleration) for NewOrl_5 with its published seed 1234
# (published 95% interval 589-1703) and with further seeds, to show how much
# the limits move with R's random numbers alone; for mse.TestBootstrapMatchesSparseMSE.
#
# Run from mse/testdata/reference with R 4.x and lpSolve:
#   Rscript bca.R /work/shared/reference/r/SparseMSE_routines.R
# Writes bca.csv: id, seed, estimate, lower (2.5%), upper (97.5%), ahat.
args <- commandArgs(trailingOnly = TRUE)
source(args[1])
rows <- list()
for (f in c("NewOrl_5", "Western")) {
  zdat <- read.csv(file.path("..", paste0(f, ".csv")), check.names = FALSE)
  for (seed in c(1234, 1, 2, 3, 4, 5)) {
    e <- suppressWarnings(estimatepopulation(zdat, nboot = 1000, pthresh = 0.02, iseed = seed, alpha = c(0.025, 0.975)))
    rows[[length(rows) + 1]] <- data.frame(id = f, seed = seed, estimate = sprintf("%.4f", e$popest),
      lower = sprintf("%.4f", e$BCaquantiles[1]), upper = sprintf("%.4f", e$BCaquantiles[2]), ahat = sprintf("%.6f", e$ahat))
    cat(f, seed, e$popest, e$BCaquantiles, e$ahat, "\n")
  }
}
write.csv(do.call(rbind, rows), "bca.csv", row.names = FALSE, quote = TRUE)
