# cox.R derives the reference fits for pipeline/cox: survival::coxph with ties = "efron" on
# counting-process data of the survival package, with strata, clusters (robust variance) and
# time-varying covariates, plus a data set with perfect separation (R warns that it did not
# converge: the coefficient runs off towards -infinity). Each case carries its data, so the Go test needs only cox.json.
# Run from this folder: Rscript cox.R  (make check-r runs it).
suppressPackageStartupMessages({ library(survival); library(jsonlite) })

case <- function(name, formula, data, stratum = NULL, cluster) {
  warned <- character(0)
  fit <- withCallingHandlers(coxph(formula, data = data, ties = "efron", x = TRUE),
    warning = function(w) { warned <<- c(warned, conditionMessage(w)); invokeRestart("muffleWarning") })
  list(name = name,
       data = list(start = data$start, stop = data$stop, event = data$event,
                   x = unname(fit$x),
                   stratum = if (is.null(stratum)) rep("", nrow(data)) else as.character(data[[stratum]]),
                   cluster = as.character(data[[cluster]])),
       coef = I(unname(coef(fit))), var = unname(fit$naive.var), robust_var = unname(fit$var),
       loglik = fit$loglik, n_events = fit$nevent,
       not_estimable = any(grepl("infinite|did not converge", warned)), warnings = warned)
}

# Perfect separation: at each session the member who drops out has the lowest score of those
# still at risk (scores 1..10; the one scoring j leaves after session j up to 5, the rest stay
# to session 6), so the partial likelihood keeps rising as the coefficient goes to -infinity.
separated <- do.call(rbind, lapply(1:10, function(j) {
  exit <- if (j <= 5) j else 6
  data.frame(id = j, start = 0:(exit - 1), stop = 1:exit, score = j,
             event = as.integer(j <= 5 & (1:exit) == exit), group = c("a", "b", "c")[1 + j %% 3])
}))

out <- list(
  cases = list(
    case("heart: age and transplant, clustered by patient",
         Surv(start, stop, event) ~ age + transplant + cluster(id), heart, cluster = "id"),
    case("heart: age, stratified by surgery, clustered by patient",
         Surv(start, stop, event) ~ age + strata(surgery) + cluster(id), heart, "surgery", "id"),
    case("bladder2: recurrences in whole months (many ties), stratified by enum",
         Surv(start, stop, event) ~ rx + size + strata(enum) + cluster(id), bladder2, "enum", "id"),
    case("separated: a score that splits dropouts from the rest",
         Surv(start, stop, event) ~ score + cluster(group), separated, cluster = "group")),
  r_version = R.version.string, survival_version = as.character(packageVersion("survival")))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = FALSE, matrix = "rowmajor"), "cox.json")
for (c in out$cases) cat(c$name, ":", c$coef, if (c$not_estimable) "(not estimable)", "\n")
