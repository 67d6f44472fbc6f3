# Records Rcapture 1.4-4's profile-likelihood interval (closedpCI.t) and Chao's
# log-normal interval (Chao 1987, formula 12, with Rcapture's standard error
# sqrt(f0 + f0^2 var(b0))) for the main-effects model and the stepwise model of
# each published table (from stepwise.csv; tables whose stepwise model has an
# interaction at -Inf are done with main effects only, as Rcapture has no
# extended MLE); for mse.TestIntervalsMatchRcapture.
#
# Run from mse/testdata/reference with R 4.x and Rcapture installed
# (R CMD INSTALL /work/shared/reference/r/Rcapture), after stepwise.R:
#   Rscript profile.R
# Writes profile.csv: id, interactions ("A:B", space-separated, or "none"),
# total, profile_lower, profile_upper, lognormal_lower, lognormal_upper, bic.
library(Rcapture)
sw <- read.csv("stepwise.csv", stringsAsFactors = FALSE)
rows <- list()
for (f in c("Korea_MSEpkg", "Kosovo_MSEpkg", "NewOrl_5", "Western", "UKdat_5", "NewOrl", "UKdat", "Ned")) {
  d <- read.csv(file.path("..", paste0(f, ".csv")), check.names = FALSE)
  L <- ncol(d) - 1
  names <- colnames(d)[1:L]
  X <- as.matrix(d)
  colnames(X) <- c(paste0("c", 1:L), "freq")
  n <- sum(X[, L + 1])
  models <- "none"
  s <- sw$interactions[sw$id == f]
  ints <- strsplit(s, " ")[[1]]
  pairs <- lapply(strsplit(ints, ":"), function(p) match(p, names))
  if (s != "none" && all(sapply(ints, function(q) {
    p <- match(strsplit(q, ":")[[1]], names); sum(d[, p[1]] * d[, p[2]] * d[, L + 1]) > 0 }))) models <- c(models, s)
  for (m in models) {
    form <- "~ ."
    if (m != "none") for (q in strsplit(m, " ")[[1]]) {
      p <- match(strsplit(q, ":")[[1]], names)
      form <- paste0(form, " + c", p[1], ":c", p[2])
    }
    ci <- closedpCI.t(X, dfreq = TRUE, mX = as.formula(form), fmaxSupCL = 20)
    res <- ci$results
    N <- res[1, "abundance"]
    se <- res[1, "stderr"]
    C <- exp(qnorm(0.975) * sqrt(log(1 + se^2 / (N - n)^2)))
    rows[[length(rows) + 1]] <- data.frame(id = f, interactions = m, total = sprintf("%.6f", N),
      profile_lower = sprintf("%.4f", as.numeric(ci$CI[1, "infCL"])), profile_upper = sprintf("%.4f", as.numeric(ci$CI[1, "supCL"])),
      lognormal_lower = sprintf("%.6f", n + (N - n) / C), lognormal_upper = sprintf("%.6f", n + (N - n) * C),
      bic = sprintf("%.6f", res[1, "BIC"]))
    cat(f, m, N, ci$CI[1, "infCL"], ci$CI[1, "supCL"], "\n")
  }
}
write.csv(do.call(rbind, rows), "profile.csv", row.names = FALSE, quote = TRUE)
