# functions.R derives the reference values for pipeline/stats: R's qf, pchisq and pnorm on a grid
# of arguments, and survdiff's observed, expected, variance and chi-square for two data sets of
# the survival package (aml: two groups; colon's recurrences: three treatment arms, with ties).
# Run from this folder: Rscript functions.R  (writes functions.json; make check-r runs it).
suppressPackageStartupMessages({ library(survival); library(jsonlite) })

quantiles <- expand.grid(p = c(0.025, 0.5, 0.975), df1 = c(1, 2, 5, 29, 199), df2 = c(3, 12, 40, 996))
quantiles$qf <- qf(quantiles$p, quantiles$df1, quantiles$df2)

chisq <- expand.grid(q = c(0, 0.5, 3.84, 12.3, 60), df = c(1, 2, 7, 30))
chisq$upper <- pchisq(chisq$q, chisq$df, lower.tail = FALSE)

normal <- data.frame(z = c(-3, -1.959964, 0, 0.5, 1.644854, 4, 9))
normal$upper <- pnorm(normal$z, lower.tail = FALSE)

logrank <- function(formula, data) {
  d <- survdiff(formula, data = data)
  list(observed = as.numeric(d$obs), expected = as.numeric(d$exp),
       variance = unname(d$var), chisq = d$chisq, df = sum(d$exp > 0) - 1,
       p_value = pchisq(d$chisq, sum(d$exp > 0) - 1, lower.tail = FALSE))
}
recurrence <- subset(colon, etype == 1)

out <- list(
  quantiles = quantiles, chisq = chisq, normal = normal,
  logrank = list(aml = logrank(Surv(time, status) ~ x, aml),
                 colon = logrank(Surv(time, status) ~ rx, recurrence)),
  r_version = R.version.string, survival_version = as.character(packageVersion("survival"))
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "functions.json")
