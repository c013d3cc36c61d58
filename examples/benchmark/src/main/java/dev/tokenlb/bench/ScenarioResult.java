package dev.tokenlb.bench;

import java.util.List;

/**
 * One scenario's outcome: every contender's figures over its own requests, and, in the {@code foreign} scenario, the
 * foreign client's figures beside each contender. Immutable by convention.
 *
 * @param scenario   the scenario, with the baselines actually used
 * @param saturation the cluster's measured saturation (standard mix) the load refers to
 * @param load       the fraction of saturation offered, foreign load included
 * @param rate       arrivals per wall-clock second through the contender (turns per second: an estimate, for multiturn)
 * @param own        per contender, its figures over the requests it routed
 * @param foreign    per contender, the foreign client's figures during its run (empty without a foreign client)
 * @param notes      what the report should say (a contender skipped, a baseline replaced)
 */
record ScenarioResult(Scenario scenario, Saturation saturation, double load, double rate, List<RunSummary> own,
                      List<RunSummary> foreign, List<String> notes) {

    RunSummary of(String contender) {
        return own.stream().filter(s -> s.contender().equals(contender)).findFirst().orElse(null);
    }
}
