# Writes the recorded data sets of the cases that are not typed by hand
# (aml, lung, stay-months, re-trafficking) as <case>/data.csv with columns
# time, status (0 censored, k > 0 ended by cause k), group.
# Run from this folder: Rscript make-data.R   (R 4.2.2, survival 3.5.3)
library(survival)
w <- function(d, case) write.csv(d, file.path(case, "data.csv"), row.names = FALSE, quote = FALSE)

# Acute myelogenous leukaemia (Miller 1997), weeks; ties and censorings.
w(data.frame(time = aml$time, status = aml$status, group = ifelse(aml$x == "Maintained", "maintained", "nonmaintained")), "aml")

# NCCTG lung cancer, days; status recoded 1/2 -> 0/1; two groups by sex.
w(data.frame(time = lung$time, status = lung$status - 1, group = ifelse(lung$sex == 1, "m", "f")), "lung")

# Length of stay in care in whole months: 300 cases, 3 provinces, ended by
# reintegration (1), transfer (2) or absconding (3), open cases censored at
# the months since admission when the data were extracted. Whole months give
# many ties, and censorings in the same month as events.
set.seed(12)
n <- 300
group <- sample(c("east", "north", "west"), n, replace = TRUE)
rate <- c(east = 1/14, north = 1/10, west = 1/20)[group]
t_end <- ceiling(rexp(n, rate))
cause <- sample(1:3, n, replace = TRUE, prob = c(0.6, 0.25, 0.15))
t_open <- sample(1:40, n, replace = TRUE)
status <- ifelse(t_end <= t_open, cause, 0)
w(data.frame(time = pmin(t_end, t_open), status = status, group = group), "stay-months")

# Re-trafficking after reintegration: months from reintegration to a
# confirmed re-trafficking (1) or death (2), censored at the last follow-up
# contact; two referral routes.
set.seed(2024)
n <- 150
group <- sample(c("police", "outreach"), n, replace = TRUE)
t_ev <- ceiling(rexp(n, ifelse(group == "police", 1/60, 1/35)))
cause <- sample(1:2, n, replace = TRUE, prob = c(0.9, 0.1))
t_last <- sample(c(3, 6, 9, 12, 18, 24, 30, 36), n, replace = TRUE)
w(data.frame(time = pmin(t_ev, t_last), status = ifelse(t_ev <= t_last, cause, 0), group = group), "re-trafficking")
