# Records the best model by BIC = -2 log L + p log(n) (n the number of people
# observed; Rcapture's closedpMS.t definition, glm$aic + (log(n) - 2) * rank)
# found by an exhaustive search over every model with main effects and any set
# of two-list interactions between lists sharing records, whose estimate
# exists by SparseMSE's checkident; for mse.TestBICMatchesR.
#
# Run from mse/testdata/reference with R 4.x, lpSolve (Debian r-cran-lpsolve):
#   Rscript bic.R /work/shared/reference/r/SparseMSE_routines.R
# Writes bic.csv: id, models (models whose estimate exists), interactions of
# the best (sorted "A:B", "none"), bic, total (observed + exp(intercept)).
args <- commandArgs(trailingOnly = TRUE)
source(args[1])

rows <- list()
for (f in c("Korea_MSEpkg", "Kosovo_MSEpkg", "NewOrl_5", "Western", "UKdat_5", "NewOrl", "UKdat", "Ned")) {
  zdat <- read.csv(file.path("..", paste0(f, ".csv")), check.names = FALSE)
  L <- ncol(zdat) - 1
  colnames(zdat)[L + 1] <- "count"
  n <- sum(zdat[, L + 1])
  cands <- NULL
  for (i in 1:(L - 1)) for (j in (i + 1):L) {
    if (sum(zdat[, i] * zdat[, j] * zdat[, L + 1]) > 0) cands <- cbind(cands, c(i, j))
  }
  K <- ncol(cands)
  best <- list(bic = Inf)
  models <- 0
  for (s in 0:(2^K - 1)) {
    pick <- bitwAnd(s, 2^(0:(K - 1))) > 0
    mX <- if (any(pick)) cands[, pick, drop = FALSE] else NULL
    if (checkident(zdat, mX) != 0) next
    fit <- suppressWarnings(modelfit(zdat, mX, check = FALSE)$fit)
    models <- models + 1
    bic <- fit$aic + (log(n) - 2) * fit$rank
    if (bic < best$bic) best <- list(bic = bic, fit = fit)
  }
  cf <- coef(best$fit)
  ints <- grep(":", names(cf), value = TRUE)
  ints <- if (length(ints) == 0) "none" else paste(sort(ints), collapse = " ")
  rows[[length(rows) + 1]] <- data.frame(id = f, models = models, interactions = ints,
    bic = sprintf("%.6f", best$bic), total = sprintf("%.6f", n + exp(cf[1])))
  cat(f, models, ints, best$bic, "\n")
}
write.csv(do.call(rbind, rows), "bic.csv", row.names = FALSE, quote = TRUE)
