# Records SparseMSE's stepwisefit (pthresh 0.02) on the published tables and on
# random sparse tables, for mse.TestStepwiseMatchesSparseMSE.
#
# Run from mse/testdata/reference with R 4.x, lpSolve (Debian r-cran-lpsolve) and
# SparseMSE 2.0.2's routines (/work/shared/reference/r/SparseMSE_routines.R):
#   Rscript stepwise.R /work/shared/reference/r/SparseMSE_routines.R
# Writes stepwise.csv: id, lists, counts (the 2^L-1 cells in bit-mask order,
# bit i for list i, space-separated), interactions (as "A:B", sorted, space-
# separated, "none" for main effects; with the empty overlaps SparseMSE fits
# at -Inf), total (observed + exp(intercept)).
args <- commandArgs(trailingOnly = TRUE)
source(args[1])

masktable <- function(counts, L, names) {
  H <- 2^L - 1
  z <- matrix(0, nrow = H, ncol = L + 1)
  for (h in 1:H) for (i in 1:L) z[h, i] <- bitwAnd(h, 2^(i - 1)) > 0
  z[, L + 1] <- counts
  colnames(z) <- c(names, "count")
  as.data.frame(z)
}

stepwise_row <- function(id, zdat, L, names, counts) {
  fit <- stepwisefit(zdat, pthresh = 0.02)
  cf <- coef(fit$fit)
  ints <- grep(":", names(cf), value = TRUE)
  ints <- c(ints, colnames(fit$emptyoverlaps))
  ints <- if (length(ints) == 0) "none" else paste(sort(ints), collapse = " ")
  total <- sum(counts) + exp(cf[1])
  data.frame(id = id, lists = paste(names, collapse = " "), counts = paste(counts, collapse = " "),
             interactions = ints, total = sprintf("%.6f", total))
}

rows <- list()
for (f in c("NewOrl", "NewOrl_5", "Western", "Korea_MSEpkg", "Kosovo_MSEpkg", "Ned", "UKdat", "UKdat_5")) {
  d <- read.csv(file.path("..", paste0(f, ".csv")), check.names = FALSE)
  L <- ncol(d) - 1
  names <- colnames(d)[1:L]
  counts <- rep(0, 2^L - 1)
  for (r in 1:nrow(d)) {
    h <- sum(2^(0:(L - 1)) * d[r, 1:L])
    counts[h] <- counts[h] + d[r, L + 1]
  }
  rows[[length(rows) + 1]] <- stepwise_row(f, masktable(counts, L, names), L, names, counts)
}

# Random sparse tables: N people, L lists with small capture probabilities;
# list pairs are made dependent (positively or by exclusion) at random, so
# that interactions, small and empty overlaps all occur.
set.seed(20261129)
k <- 0
while (k < 300) {
  L <- sample(3:6, 1)
  N <- sample(c(200, 500, 1000, 3000), 1)
  p <- runif(L, 0.02, 0.3)
  caught <- matrix(runif(N * L) < rep(p, each = N), nrow = N)
  for (e in seq_len(sample(0:2, 1))) {          # dependencies between pairs
    ij <- sample(L, 2)
    if (runif(1) < 0.5) {
      caught[, ij[2]] <- ifelse(caught[, ij[1]] & runif(N) < 0.5, TRUE, caught[, ij[2]])
    } else {
      caught[, ij[2]] <- caught[, ij[2]] & !caught[, ij[1]]   # exclusion: empty overlap
    }
  }
  h <- as.vector(caught %*% 2^(0:(L - 1)))
  counts <- tabulate(h[h > 0], nbins = 2^L - 1)
  names <- LETTERS[1:L]
  if (any(colSums(caught) == 0)) next
  zdat <- masktable(counts, L, names)
  if (checkident(zdat, mX = NULL) != 0) next    # main effects must exist
  k <- k + 1
  rows[[length(rows) + 1]] <- stepwise_row(sprintf("random%03d", k), zdat, L, names, counts)
}
write.csv(do.call(rbind, rows), "stepwise.csv", row.names = FALSE, quote = TRUE)
