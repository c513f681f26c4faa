# practice.R derives, from the generated program folder practice/ alone (schedule, roster,
# marked attendance, long-form answers), the research statistics cohesion's marts must
# reproduce, with the reference packages, and writes them to practice.json:
#   rwg      multilevel::rwg.j (listwise) and multilevel::rwg per cohort, session and scale
#   icc      one-way ANOVA ICC(1), ICC(2) with k0, and their 95% F-based intervals (as
#            psych::ICC's ICC1 and ICC1k; checked against psych::ICC on a balanced subset)
#   alpha    psych::alpha's raw_alpha per scale over the forms that answered every item
#   logrank  survival::survdiff between programs and between the cohorts of each program
#   cox      survival::coxph(Surv(start, stop, event) ~ score + strata(program) +
#            cluster(cohort), ties = "efron") per scale, on counting-process data
# It re-derives retention (the default no-return rule) and the scores from the raw files, so
# it checks the SQL models rather than repeating them. Run from this folder:
#   Rscript practice.R        (make check-r runs it and fails if practice.json changes)
suppressPackageStartupMessages({
  library(survival); library(psych); library(multilevel); library(jsonlite)
})

schedule <- read.csv("practice/schedule.csv", stringsAsFactors = FALSE)
roster <- read.csv("practice/roster.csv", stringsAsFactors = FALSE)
marks <- read.csv("practice/marks.csv", stringsAsFactors = FALSE)
answers <- read.csv("practice/answers.csv", stringsAsFactors = FALSE)

# --- retention under no-return: time is the session number ------------------------------
planned <- aggregate(session ~ cohort + program, schedule, function(s) c(n = length(s), final = max(s)))
planned <- data.frame(cohort = planned$cohort, program = planned$program,
                      n_planned = planned$session[, "n"], final = planned$session[, "final"])
held <- aggregate(session ~ cohort, unique(marks[, c("cohort", "session")]), length)
names(held)[2] <- "n_held"
cohorts <- merge(planned, held, all.x = TRUE)
cohorts$finished <- !is.na(cohorts$n_held) & cohorts$n_held == cohorts$n_planned

present <- marks[marks$status == "Present", ]
attended <- aggregate(session ~ cohort + email, present, max)
names(attended)[3] <- "last_attended"
members <- merge(roster[, c("cohort", "email")], attended, all.x = TRUE)
members <- merge(members, cohorts[, c("cohort", "program", "final", "finished")])
starters <- members[!is.na(members$last_attended), ]
starters$dropped <- starters$finished & starters$last_attended < starters$final
starters$exit <- ifelse(starters$dropped, starters$last_attended,
                        ifelse(starters$finished, starters$final, starters$last_attended))

# --- scores: cohesion_member's rules ------------------------------------------------------
scales <- rbind(
  data.frame(instrument = "gcqs", item = paste0("gcq_", c(1, 2, 4, 8, 11)), scale = "engagement"),
  data.frame(instrument = "gcqs", item = paste0("gcq_", c(3, 5, 9)), scale = "avoidance"),
  data.frame(instrument = "gcqs", item = paste0("gcq_", c(6, 7, 10, 12)), scale = "conflict"),
  data.frame(instrument = "checkin", item = "connected", scale = "connected"),
  data.frame(instrument = "ors", item = paste0("ors_", 1:4), scale = "total"),
  data.frame(instrument = "phq9", item = paste0("phq9_", 1:9), scale = "total"))
instruments <- data.frame(
  instrument = c("gcqs", "checkin", "ors", "phq9"),
  n_items = c(12, 1, 4, 9), max_missing = c(4, 0, 0, 0), scoring = c("mean", "mean", "sum", "sum"),
  ranvar = c((7^2 - 1) / 12, (11^2 - 1) / 12, 10^2 / 12, (4^2 - 1) / 12))

items <- merge(answers, scales)
form_size <- aggregate(value ~ cohort + session + email + instrument, items, length)
names(form_size)[5] <- "answered"
form_size <- merge(form_size, instruments)
valid <- form_size[form_size$answered >= form_size$n_items - form_size$max_missing,
                   c("cohort", "session", "email", "instrument")]
items <- merge(items, valid)
scale_size <- aggregate(item ~ instrument + scale, scales, length)
names(scale_size)[3] <- "scale_items"
scores <- aggregate(value ~ cohort + session + email + instrument + scale, items,
                    function(v) c(mean = mean(v), sum = sum(v), n = length(v)))
scores <- data.frame(scores[, 1:5], mean = scores$value[, "mean"], sum = scores$value[, "sum"],
                     n = scores$value[, "n"])
scores <- merge(merge(scores, instruments), scale_size)
scores$score <- ifelse(scores$scoring == "mean", scores$mean, scores$sum * scores$scale_items / scores$n)
scores$group <- paste(scores$cohort, scores$session)
scale_keys <- unique(scores[, c("instrument", "scale")])
scale_keys <- scale_keys[order(scale_keys$instrument, scale_keys$scale), ]

# Items of one scale, one row per valid form and one column per item (NA where blank).
wide_items <- function(ins, sc) {
  its <- scales$item[scales$instrument == ins & scales$scale == sc]
  d <- items[items$instrument == ins & items$scale == sc, ]
  forms <- unique(d[, c("cohort", "session", "email")])
  for (it in its) {
    v <- d[d$item == it, c("cohort", "session", "email", "value")]
    names(v)[4] <- it
    forms <- merge(forms, v, all.x = TRUE)
  }
  forms[order(forms$cohort, forms$session, forms$email), c("cohort", "session", "email", its)]
}

# --- rwg -------------------------------------------------------------------------------
rwg_rows <- list()
for (i in seq_len(nrow(scale_keys))) {
  ins <- scale_keys$instrument[i]; sc <- scale_keys$scale[i]
  w <- wide_items(ins, sc)
  grp <- paste(w$cohort, w$session, sep = "|")
  x <- w[, -(1:3), drop = FALSE]
  ranvar <- instruments$ranvar[instruments$instrument == ins]
  r <- if (ncol(x) == 1) {
    out <- rwg(x[, 1], grp, ranvar); names(out)[2] <- "rwg"; out
  } else {
    out <- rwg.j(x, grp, ranvar); names(out)[2] <- "rwg"; out
  }
  rwg_rows[[i]] <- data.frame(instrument = ins, scale = sc,
                              cohort = sub("\\|.*", "", r$grpid), session = as.integer(sub(".*\\|", "", r$grpid)),
                              rwg = r$rwg, rwg_n = r$gsize)
}
rwg_out <- do.call(rbind, rwg_rows)

# --- ICC(1), ICC(2) and their intervals --------------------------------------------------
icc_of <- function(score, group) {
  fit <- summary(aov(score ~ factor(group)))[[1]]
  G <- fit$Df[1] + 1; N <- sum(fit$Df) + 1
  msb <- fit$`Mean Sq`[1]; msw <- fit$`Mean Sq`[2]
  n <- table(group)
  k0 <- (N - sum(n^2) / N) / (G - 1)
  f <- msb / msw
  fl <- f / qf(0.975, G - 1, N - G); fu <- f * qf(0.975, N - G, G - 1)
  list(n_groups = G, n_members = N, icc1 = (msb - msw) / (msb + (k0 - 1) * msw),
       icc2 = (msb - msw) / msb, icc1_ci_low = (fl - 1) / (fl + k0 - 1),
       icc1_ci_high = (fu - 1) / (fu + k0 - 1), icc2_ci_low = 1 - 1 / fl, icc2_ci_high = 1 - 1 / fu,
       icc1_mean_group_size = multilevel::ICC1(aov(score ~ factor(group))))
}
icc_out <- do.call(rbind, lapply(seq_len(nrow(scale_keys)), function(i) {
  s <- scores[scores$instrument == scale_keys$instrument[i] & scores$scale == scale_keys$scale[i], ]
  data.frame(instrument = scale_keys$instrument[i], scale = scale_keys$scale[i], icc_of(s$score, s$group))
}))

# The formulas are psych::ICC's for ICC1 and ICC1k when groups are equal: take the first four
# engagement scores of every group with four or more, as a groups × members matrix.
eng <- scores[scores$instrument == "gcqs" & scores$scale == "engagement", ]
eng <- eng[order(eng$group, eng$email), ]
eng <- eng[ave(seq_along(eng$group), eng$group, FUN = seq_along) <= 4, ]
eng <- eng[eng$group %in% names(which(table(eng$group) == 4)), ]
balanced <- matrix(eng$score, ncol = 4, byrow = TRUE)
ps <- psych::ICC(balanced, lmer = FALSE)$results
ours <- icc_of(eng$score, eng$group)
stopifnot(abs(ps["Single_raters_absolute", "ICC"] - ours$icc1) < 1e-12,
          abs(ps["Average_raters_absolute", "ICC"] - ours$icc2) < 1e-12,
          abs(ps["Single_raters_absolute", "lower bound"] - ours$icc1_ci_low) < 1e-12,
          abs(ps["Single_raters_absolute", "upper bound"] - ours$icc1_ci_high) < 1e-12,
          abs(ps["Average_raters_absolute", "lower bound"] - ours$icc2_ci_low) < 1e-12,
          abs(ps["Average_raters_absolute", "upper bound"] - ours$icc2_ci_high) < 1e-12)
icc_balanced <- data.frame(group = eng$group, score = eng$score)

# --- Cronbach's alpha ------------------------------------------------------------------
alpha_out <- do.call(rbind, lapply(seq_len(nrow(scale_keys)), function(i) {
  ins <- scale_keys$instrument[i]; sc <- scale_keys$scale[i]
  w <- wide_items(ins, sc)
  x <- w[complete.cases(w), -(1:3), drop = FALSE]
  if (ncol(x) < 2) return(NULL)
  a <- suppressWarnings(suppressMessages(psych::alpha(x, warnings = FALSE)))
  data.frame(instrument = ins, scale = sc, n_forms = nrow(x), n_items = ncol(x), alpha = a$total$raw_alpha)
}))

# --- log-rank ----------------------------------------------------------------------------
logrank_of <- function(scope, d, by) {
  groups <- length(unique(d[[by]]))
  if (groups < 2) return(data.frame(scope = scope, n_groups = groups, chisq = NA, df = NA, p_value = NA))
  t <- survdiff(Surv(exit, dropped) ~ d[[by]], data = d)
  df <- sum(t$exp > 0) - 1
  if (df < 1) return(data.frame(scope = scope, n_groups = groups, chisq = NA, df = NA, p_value = NA))
  data.frame(scope = scope, n_groups = groups, chisq = t$chisq, df = df,
             p_value = pchisq(t$chisq, df, lower.tail = FALSE))
}
logrank_out <- rbind(logrank_of("programs", starters, "program"),
                     do.call(rbind, lapply(sort(unique(starters$program)), function(p)
                       logrank_of(p, starters[starters$program == p, ], "cohort"))))

# --- Cox model of dropout on the scale score (time-varying, carried forward) --------------
sessions_scored <- aggregate(session ~ instrument + scale, scores, function(s) length(unique(s)))
cox_scales <- scale_keys[scale_keys$instrument == "gcqs" |
  paste(scale_keys$instrument, scale_keys$scale) %in%
    paste(sessions_scored$instrument, sessions_scored$scale)[sessions_scored$session >= 2], ]
intervals_of <- function(ins, sc) {
  s <- scores[scores$instrument == ins & scores$scale == sc, c("cohort", "email", "session", "score")]
  rows <- list()
  for (j in seq_len(nrow(starters))) {
    m <- starters[j, ]
    ms <- s[s$cohort == m$cohort & s$email == m$email, ]
    if (nrow(ms) == 0) next
    for (k in min(ms$session):m$exit) {
      last <- ms[ms$session <= k, ]
      rows[[length(rows) + 1]] <- data.frame(
        program = m$program, cohort = m$cohort, email = m$email, start = k - 1, stop = k,
        event = as.integer(m$dropped && k == m$exit), score = last$score[which.max(last$session)])
    }
  }
  do.call(rbind, rows)
}
cox_intervals <- list()
cox_out <- do.call(rbind, lapply(seq_len(nrow(cox_scales)), function(i) {
  ins <- cox_scales$instrument[i]; sc <- cox_scales$scale[i]
  cp <- intervals_of(ins, sc)
  cox_intervals[[paste(ins, sc)]] <<- cp
  fit <- coxph(Surv(start, stop, event) ~ score + strata(program) + cluster(cohort), data = cp, ties = "efron")
  b <- unname(coef(fit)); rse <- sqrt(fit$var[1, 1]); z <- qnorm(0.975)
  data.frame(instrument = ins, scale = sc, n_members = nrow(unique(cp[, c("cohort", "email")])),
             n_intervals = nrow(cp), n_events = fit$nevent, coef = b, hazard_ratio = exp(b),
             se = sqrt(fit$naive.var[1, 1]), robust_se = rse, ci_low = exp(b - z * rse),
             ci_high = exp(b + z * rse), p_value = 2 * pnorm(-abs(b / rse)), loglik = fit$loglik[2])
}))

out <- list(rwg = rwg_out, icc = icc_out, alpha = alpha_out, logrank = logrank_out, cox = cox_out,
            r_version = R.version.string,
            packages = sapply(c("survival", "psych", "multilevel"), function(p) as.character(packageVersion(p))))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null"), "practice.json")
print(icc_out); print(alpha_out); print(logrank_out); print(cox_out)
