/**
 * The vocabulary the agents and devices speak: immutable, validated records (UE state and task, server state,
 * offloading request and decision, allocation, task submission, result and report, label request, proposal and label)
 * and their one JSON form ({@link org.lambo.ontology.LamboJson}). Needs Jackson only; JADE-specific classes live in
 * {@code org.lambo.ontology.jade}.
 */
package org.lambo.ontology;
