/**
 * Reading the edits in a model's answer: SEARCH/REPLACE blocks and unified diffs, as models really
 * write them (file names before, inside or on the fence, CRLF, marker variations, diffs without
 * {@code diff --git} headers or with wrong hunk counts). Pure Java: the worker reads answers with it
 * and the tool runner re-reads the diffs it is asked to apply with the same code.
 *
 * <p>Entry points: {@link dev.agentline.platform.edits.EditAnswers#read(String)} for an answer,
 * {@link dev.agentline.platform.edits.UnifiedDiffs} for a diff's structure and canonical text.
 */
package dev.agentline.platform.edits;
