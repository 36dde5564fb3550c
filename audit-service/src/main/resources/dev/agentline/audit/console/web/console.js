// The agentline web console: task list, task page (plan, steps, model calls, tool runs, gates, takeover, pull request
// activity), search, metrics and the pilot report. Routes live in the URL hash: #/, #/tasks/<id>, #/search?q=…, #/metrics,
// #/report?since=28d&baselineFrom=56d.
import {diffBlock, getJson, h, postJson, snippet, statusBadge, time, usd} from './dom.js';
import {barChart, histogram, timeChart} from './charts.js';

const POLL_MS = 2000;
const USER_KEY = 'agentline.user';
const STATUSES = ['RECEIVED', 'PLANNING', 'AWAITING_APPROVAL', 'EXECUTING', 'VALIDATING', 'SUMMARIZING', 'PR_OPENED', 'DONE',
  'TAKEN_OVER', 'MERGED', 'CLOSED', 'FAILED', 'CANCELLED', 'BUDGET_EXHAUSTED'];

const app = document.getElementById('app');
const userInput = document.getElementById('user-name');
let stopPolling = () => {};

// ---- the user's name: the signed-in caller's when the service authenticates (read-only then: the server records
// the caller, whatever a request says), else asked once and kept in localStorage ----
userInput.value = localStorage.getItem(USER_KEY) || '';
userInput.addEventListener('input', () => localStorage.setItem(USER_KEY, userInput.value.trim()));
getJson('/api/console/me').then(me => {
  if (!me.name) return;
  userInput.value = me.name;
  userInput.readOnly = true;
  userInput.title = `signed in as ${me.name} (${me.roles.join(', ') || 'no role'})`;
}).catch(() => {});
const userName = () => (userInput.value || '').trim();

// ---- routing ----
function route() {
  stopPolling();
  stopPolling = () => {};
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  const params = new URLSearchParams(query);
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active',
    a.dataset.nav === (path.startsWith('/search') ? 'search' : path.startsWith('/metrics') ? 'metrics'
      : path.startsWith('/report') ? 'report' : 'tasks')));
  if (path.startsWith('/tasks/')) taskPage(decodeURIComponent(path.slice('/tasks/'.length)));
  else if (path.startsWith('/search')) searchPage(params);
  else if (path.startsWith('/metrics')) metricsPage(params);
  else if (path.startsWith('/report')) reportPage(params);
  else taskListPage(params);
}

/** Calls refresh now and every POLL_MS until the route changes. */
function poll(refresh) {
  let timer = null, stopped = false;
  const tick = async () => {
    try {
      await refresh();
    } finally {
      if (!stopped) timer = setTimeout(tick, POLL_MS);
    }
  };
  tick();
  stopPolling = () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function errorBox(error) {
  return h('p', {class: 'error', role: 'alert'}, String(error.message || error));
}

// ---- task list ----
function taskListPage(params) {
  const status = h('select', {id: 'filter-status'}, h('option', {value: ''}, 'any status'),
    STATUSES.map(s => h('option', {value: s, selected: params.get('status') === s}, s)));
  const repository = h('input', {id: 'filter-repository', placeholder: 'repository contains', value: params.get('repository') || ''});
  const text = h('input', {id: 'filter-text', placeholder: 'title or task id contains', value: params.get('q') || ''});
  const body = h('tbody', {id: 'task-rows'});
  const message = h('div', {id: 'task-list-message'});
  const live = h('span', {class: 'muted live'}, 'live');
  app.replaceChildren(
    h('h1', {}, 'Tasks ', live),
    h('form', {class: 'filters', onsubmit: e => e.preventDefault()}, status, repository, text),
    message,
    h('table', {id: 'task-list', class: 'list'},
      h('thead', {}, h('tr', {}, ['Task', 'Title', 'Repository', 'Requester', 'Status', 'Submitted', 'Updated', 'Cost'].map(t => h('th', {}, t)))),
      body));
  let last = '';
  const refresh = async () => {
    const query = new URLSearchParams();
    if (status.value) query.set('status', status.value);
    if (repository.value.trim()) query.set('repository', repository.value.trim());
    if (text.value.trim()) query.set('q', text.value.trim());
    try {
      const tasks = await getJson('/api/console/tasks?' + query);
      live.textContent = 'live · ' + time(new Date().toISOString()).slice(11);
      const key = JSON.stringify(tasks);
      if (key === last) return;
      last = key;
      message.replaceChildren(tasks.length ? '' : h('p', {class: 'muted'}, 'No tasks match.'));
      body.replaceChildren(...tasks.map(t => h('tr', {dataset: {taskId: t.taskId}},
        h('td', {}, h('a', {href: '#/tasks/' + encodeURIComponent(t.taskId), class: 'task-link'}, t.taskId)),
        h('td', {}, t.title || ''),
        h('td', {class: 'repo'}, t.repository || ''),
        h('td', {}, t.requester || ''),
        h('td', {}, statusBadge(t.status)),
        h('td', {}, time(t.submittedAt)),
        h('td', {}, time(t.updatedAt)),
        h('td', {class: 'num'}, usd(t.costUsd)))));
    } catch (e) {
      message.replaceChildren(errorBox(e));
    }
  };
  for (const input of [status, repository, text]) input.addEventListener('input', () => {
    last = '';
    refresh();
  });
  poll(refresh);
}

// ---- task page ----
function taskPage(taskId) {
  const state = {lastJson: '', sentAtDecisions: null, sent: null};
  const root = h('div', {id: 'task-page'});
  app.replaceChildren(h('p', {class: 'muted'}, h('a', {href: '#/'}, '← all tasks')), root);
  poll(async () => {
    let task;
    try {
      task = await getJson('/api/console/tasks/' + encodeURIComponent(taskId));
    } catch (e) {
      root.replaceChildren(errorBox(e));
      return;
    }
    const json = JSON.stringify(task);
    if (json === state.lastJson) return;
    state.lastJson = json;
    renderTask(root, task, state);
  });
}

function renderTask(root, task, state) {
  // keep what the reader opened and typed across refreshes
  const open = new Set([...root.querySelectorAll('details[open]')].map(d => d.dataset.key));
  const reason = root.querySelector('#gate-reason')?.value || '';
  const gateMessage = root.querySelector('#gate-message');
  const savedMessage = gateMessage ? [...gateMessage.childNodes] : [];
  const note = root.querySelector('#handback-note')?.value || '';
  const ownershipMessage = root.querySelector('#ownership-message');
  const savedOwnership = ownershipMessage ? [...ownershipMessage.childNodes] : [];

  root.replaceChildren(...[
    h('h1', {}, task.title || task.taskId, ' ', statusBadge(task.status, {id: 'task-status'})),
    h('dl', {class: 'facts'},
      fact('Task', task.taskId), fact('Repository', task.repository), fact('Base branch', task.baseBranch),
      fact('Requester', task.requester), fact('Submitted', time(task.submittedAt)), fact('Updated', time(task.updatedAt)),
      fact('Cost', `${usd(task.cost.costUsd)} (${task.cost.inputTokens}+${task.cost.outputTokens} tokens)`),
      task.pullRequest ? fact('Pull request', h('a', {href: task.pullRequest.url}, task.pullRequest.title || task.pullRequest.url)) : null,
      task.iteration > 1 ? fact('Iteration', h('span', {id: 'task-iteration'}, String(task.iteration))) : null,
      task.takenOverBy ? fact('Taken over by', h('span', {id: 'taken-over-by'}, task.takenOverBy)) : null,
      fact('Timeline', h('a', {href: task.timelineUrl, id: 'timeline-link'}, 'JSON timeline'))),
    task.description ? h('p', {class: 'description'}, task.description) : null,
    gatePanel(task, state, reason, savedMessage),
    ownershipPanel(task, state, note, savedOwnership),
    decisions(task),
    planSection(task),
    prActivity(task),
    h('section', {id: 'events'}, h('h2', {}, 'Step timeline'), eventsTable(task.events)),
    h('section', {id: 'model-calls'}, h('h2', {}, `Model calls (${task.modelCalls.length})`), task.modelCalls.map(modelCall)),
    h('section', {id: 'tool-calls'}, h('h2', {}, `Tool runs (${task.toolCalls.length})`), task.toolCalls.map(toolCall)),
  ].filter(Boolean));
  root.querySelectorAll('details').forEach(d => {
    if (open.has(d.dataset.key)) d.open = true;
  });
  if (state.sent) reportOutcome(root, task, state);
}

function fact(label, value) {
  if (value === null || value === undefined || value === '') return null;
  return [h('dt', {}, label), h('dd', {}, value)];
}

function gatePanel(task, state, reason, savedMessage) {
  const message = h('div', {id: 'gate-message', role: 'status'}, savedMessage);
  if (!task.awaiting) return h('section', {id: 'gate', class: 'gate idle'}, message);
  const plan = task.awaiting === 'plan';
  const latest = task.plans[task.plans.length - 1];
  const what = plan ? `Plan v${latest ? latest.version : '?'}` : `Step ${task.awaiting}`;
  const reasonBox = h('textarea', {id: 'gate-reason', rows: 2, placeholder: 'comment (required to reject)'});
  reasonBox.value = reason;
  const send = async type => {
    const actor = userName();
    if (!actor) {
      message.replaceChildren(h('p', {class: 'error'}, 'Enter your name (top right) first: it is recorded with your decision.'));
      userInput.focus();
      return;
    }
    await sendCommand(task, state, message, {type, actor, reason: reasonBox.value.trim() || null, stepId: plan ? null : task.awaiting});
  };
  return h('section', {id: 'gate', class: 'gate'},
    h('h2', {}, `${what} is waiting for approval`),
    reasonBox,
    h('div', {class: 'buttons'},
      h('button', {id: 'approve', class: 'approve', onclick: () => send(plan ? 'approve-plan' : 'accept-step')},
        plan ? 'Approve plan' : 'Accept step'),
      h('button', {id: 'reject', class: 'reject', onclick: () => send(plan ? 'reject-plan' : 'reject-step')},
        plan ? 'Reject plan' : 'Reject step')),
    message);
}

/** Sends a command for the task (its actor: the signed-in caller, or the name entered); says so in {message}. */
async function sendCommand(task, state, message, payload) {
  try {
    const accepted = await postJson('/api/console/tasks/' + encodeURIComponent(task.taskId) + '/commands', payload);
    const as = accepted.actor || payload.actor;
    state.sent = {type: payload.type, actor: as, messageId: message.id};
    state.sentAtDecisions = task.decisions.length;
    message.replaceChildren(h('p', {class: 'pending'}, `Sent ${payload.type} as ${as}; waiting for the planner…`));
  } catch (e) {
    message.replaceChildren(errorBox(e));
  }
}

/**
 * Take over (stop every agent on the task and leave the branch to you) and hand back (agents resume from the branch as it
 * is, with your note): sent as TAKEOVER / HANDBACK commands, which the planner answers with TAKEN_OVER / HANDED_BACK.
 */
function ownershipPanel(task, state, note, savedMessage) {
  const message = h('div', {id: 'ownership-message', role: 'status'}, savedMessage);
  if (!task.takeover) return h('section', {id: 'ownership', class: 'ownership idle'}, message);
  const send = async (type, reason) => {
    const actor = userName();
    if (!actor) {
      message.replaceChildren(h('p', {class: 'error'}, 'Enter your name (top right) first: it is recorded with the command.'));
      userInput.focus();
      return;
    }
    await sendCommand(task, state, message, {type, actor, reason});
  };
  if (task.takeover === 'taken') {
    const noteBox = h('textarea', {id: 'handback-note', rows: 2, placeholder: 'note for the agents (optional): what you changed, what is left'});
    noteBox.value = note;
    return h('section', {id: 'ownership', class: 'ownership taken'},
      h('h2', {}, `Taken over${task.takenOverBy ? ' by ' + task.takenOverBy : ''}: no agent works on this task`),
      noteBox,
      h('div', {class: 'buttons'}, h('button', {id: 'handback', onclick: () => send('handback', noteBox.value.trim() || null)}, 'Hand back')),
      message);
  }
  return h('section', {id: 'ownership', class: 'ownership'},
    h('div', {class: 'buttons'},
      h('button', {id: 'takeover', title: 'stop every agent on this task and leave its branch to you', onclick: () => send('takeover', null)},
        'Take over'),
      h('span', {class: 'muted'}, 'stops the agents on this task; the branch is yours until you hand it back')),
    message);
}

/** What happened on the task's pull request, as the code host reported it. */
function prActivity(task) {
  if (!task.prEvents.length) return null;
  const what = e => e.type === 'REVIEW_SUBMITTED' ? `review: ${e.reviewState || ''}`
    : e.type === 'REVIEW_COMMENT' ? `comment on ${e.path || ''}${e.line ? ':' + e.line : ''}`
    : e.type === 'CI_COMPLETED' ? `CI ${e.ciName || ''}: ${e.ciConclusion || ''}` : e.type;
  return h('section', {id: 'pr-activity'}, h('h2', {}, `Pull request activity (${task.prEvents.length})`),
    h('table', {class: 'list'},
      h('thead', {}, h('tr', {}, ['Time', 'What', 'By', 'Text', 'Via'].map(t => h('th', {}, t)))),
      h('tbody', {}, task.prEvents.map(e => h('tr', {class: 'pr-' + e.type.toLowerCase().replaceAll('_', '-')
          + (e.ciConclusion && e.ciConclusion !== 'SUCCESS' ? ' failed' : '')},
        h('td', {class: 'when'}, time(e.at)),
        h('td', {}, e.ciUrl ? h('a', {href: e.ciUrl}, what(e)) : what(e)),
        h('td', {}, e.actor),
        h('td', {class: 'message'}, e.body || ''),
        h('td', {class: 'muted'}, e.via))))));
}

/** After a command was sent: the planner's answer, once it appears among the task's decisions. */
function reportOutcome(root, task, state) {
  const fresh = task.decisions.slice(state.sentAtDecisions).filter(d => d.actor === state.sent.actor);
  if (!fresh.length) return;
  const outcome = fresh[fresh.length - 1];
  const refused = outcome.type === 'COMMAND_REFUSED';
  root.querySelector('#' + (state.sent.messageId || 'gate-message')).replaceChildren(
    h('p', {class: refused ? 'error outcome' : 'ok outcome'}, `${outcome.type}: ${outcome.message}`));
  state.sent = null;
}

function decisions(task) {
  if (!task.decisions.length) return null;
  return h('section', {id: 'decisions'}, h('h2', {}, 'Decisions'),
    h('ul', {}, task.decisions.map(d => h('li', {class: d.type === 'COMMAND_REFUSED' ? 'refused' : 'decided'},
      h('span', {class: 'when'}, time(d.at)), ' ', h('strong', {}, d.type), ' — ', d.message))));
}

function planSection(task) {
  const section = h('section', {id: 'plan'}, h('h2', {}, 'Plan'));
  if (!task.plans.length) {
    section.append(h('p', {class: 'muted'}, 'No plan yet.'));
    return section;
  }
  const latest = task.plans[task.plans.length - 1];
  section.append(
    h('p', {class: 'goal'}, h('strong', {}, `v${latest.version} goal: `), latest.plan.goal),
    h('table', {class: 'list', id: 'plan-steps'},
      h('thead', {}, h('tr', {}, ['Step', 'Type', 'Description', 'Files', 'Status', 'Attempts'].map(t => h('th', {}, t)))),
      h('tbody', {}, task.steps.map(s => h('tr', {},
        h('td', {}, s.id), h('td', {}, s.type), h('td', {}, s.description), h('td', {class: 'repo'}, s.files.join(', ')),
        h('td', {}, statusBadge(s.status)), h('td', {class: 'num'}, s.attempts))))));
  if (task.plans.length > 1) {
    section.append(h('h3', {}, 'Plan versions'), ...task.plans.map(p => h('details', {dataset: {key: 'plan-' + p.version}, class: 'plan-version'},
      h('summary', {}, `v${p.version} · ${p.eventType} · ${time(p.at)} · ${p.changes.length} change(s)`),
      p.message ? h('p', {}, p.message) : null,
      p.changes.length ? h('pre', {class: 'diff'}, p.changes.map(c => h('span', {
        class: c.startsWith('+') ? 'diff-add' : c.startsWith('-') ? 'diff-del' : 'diff-hunk',
      }, c + '\n'))) : h('p', {class: 'muted'}, 'first version'))));
  }
  return section;
}

function eventsTable(events) {
  return h('table', {class: 'list'},
    h('thead', {}, h('tr', {}, ['Time', 'Iteration', 'Event', 'Step', 'Status', 'Message'].map(t => h('th', {}, t)))),
    h('tbody', {}, events.map(e => h('tr', {class: 'event-' + e.type.toLowerCase() + (e.iteration > 1 ? ' later-iteration' : '')},
      h('td', {class: 'when'}, time(e.at)), h('td', {class: 'num iteration'}, e.iteration), h('td', {}, e.type),
      h('td', {}, e.stepId || ''), h('td', {}, statusBadge(e.status)),
      h('td', {class: 'message'}, e.message, e.reason ? h('span', {class: 'muted'}, ` (${e.reason})`) : null)))));
}

function modelCall(call, i) {
  const usage = call.usage || {};
  return h('details', {class: 'model-call' + (call.ok ? '' : ' failed'), dataset: {key: 'call-' + i + '-' + call.requestId}},
    h('summary', {}, `${time(call.at)} · ${call.role} ${call.kind}` + (call.stepId ? ` · ${call.stepId}` : '')
      + ` · ${call.provider}/${call.model} · ${usage.inputTokens || 0}+${usage.outputTokens || 0} tokens · ${usd(usage.costUsd)}`
      + ` · ${call.latencyMs} ms` + (call.ok ? '' : ` · error: ${call.error || ''}`)),
    call.promptVersion ? h('p', {class: 'muted'}, 'prompt ', call.promptVersion) : null,
    h('h4', {}, 'Prompt'),
    (call.prompt || []).map(m => h('div', {class: 'message-block'}, h('div', {class: 'role'}, m.role), h('pre', {class: 'prompt'}, m.content))),
    h('h4', {}, 'Response'),
    h('pre', {class: 'response'}, call.response || ''));
}

function toolCall(run, i) {
  const tests = run.tests;
  return h('details', {class: 'tool-call' + (run.ok ? '' : ' failed'), dataset: {key: 'tool-' + i + '-' + run.requestId}},
    h('summary', {}, `${time(run.at)} · ${run.tool}` + (run.stepId ? ` · ${run.stepId}` : '') + ` · ${run.ok ? 'ok' : 'error'}`
      + (tests ? ` · tests ${tests.passed ? 'passed' : 'failed'}: ${tests.summary}` : '') + ` · ${run.durationMs} ms`),
    run.error ? h('p', {class: 'error'}, run.error) : null,
    run.changedFiles.length ? h('p', {}, 'Changed: ', run.changedFiles.join(', ')) : null,
    run.diff ? [h('h4', {}, 'Diff'), diffBlock(run.diff)] : null,
    tests ? [h('h4', {}, 'Test output'), h('pre', {class: 'test-output'}, tests.outputTail || tests.summary)] : null,
    run.output ? [h('h4', {}, 'Output'), h('pre', {class: 'output'}, run.output)] : null);
}

// ---- search ----
function searchPage(params) {
  const q = h('input', {id: 'search-q', type: 'search', placeholder: 'words, "a phrase", -exclude', value: params.get('q') || ''});
  const task = h('input', {id: 'search-task', placeholder: 'task id (optional)', value: params.get('taskId') || ''});
  const results = h('div', {id: 'search-results'});
  app.replaceChildren(
    h('h1', {}, 'Search'),
    h('form', {class: 'filters', onsubmit: e => {
      e.preventDefault();
      const query = new URLSearchParams({q: q.value.trim()});
      if (task.value.trim()) query.set('taskId', task.value.trim());
      location.hash = '#/search?' + query;
    }}, q, task, h('button', {type: 'submit', id: 'search-button'}, 'Search')),
    results);
  if (!params.get('q')) return;
  const query = new URLSearchParams({q: params.get('q')});
  if (params.get('taskId')) query.set('taskId', params.get('taskId'));
  getJson('/api/audit/search?' + query).then(page => {
    const hits = page.hits;
    results.replaceChildren(
      h('p', {class: 'muted'}, `${page.total}${page.moreBeyondWindow ? '+' : ''} hit(s)` + (page.hasMore ? `, first ${hits.length} shown` : '')),
      h('ol', {class: 'hits'}, hits.map(hit => h('li', {class: 'hit'},
        h('div', {},
          hit.taskId ? h('a', {href: '#/tasks/' + encodeURIComponent(hit.taskId), class: 'task-link'}, hit.taskId) : '(no task)',
          ' · ', hit.recordType, hit.eventType ? ' ' + hit.eventType : '', ' · ', time(hit.occurredAt)),
        snippet(hit.snippet)))));
  }).catch(e => results.replaceChildren(errorBox(e)));
}

// ---- metrics ----
/**
 * The one place the metrics come from: the pilot metrics (GET /api/metrics, the figures `agentline metrics` and
 * Prometheus show) over the window `since` (the service's default window when empty). The page only sees this shape.
 */
async function metricsSource(since) {
  const m = await getJson('/api/metrics' + (since ? '?since=' + encodeURIComponent(since) : ''));
  const minutes = s => s === null || s === undefined ? '–' : `${round(s / 60)} min`;
  const share = v => v === null || v === undefined ? '–' : `${Math.round(v * 100)}%`;
  return {
    window: `tasks submitted since ${time(m.from)} (${m.since})`,
    figures: [
      ['Tasks', m.tasks], ['With a pull request', m.tasksWithPr],
      ['Ticket → PR p50 / p90 / max', `${minutes(m.ticketToPrSeconds.p50)} / ${minutes(m.ticketToPrSeconds.p90)} / ${minutes(m.ticketToPrSeconds.max)}`],
      ['Test/CI failures per task', m.testFailures.perTask], ['Plan revisions per task', m.planRevisions.perTask],
      ['Reviews', `${m.reviews.approve} approved, ${m.reviews.requestChanges} changes requested, ${m.reviews.notReviewed} not reviewed`],
      ['Cost', `${usd(m.totalCostUsd)} total, ${usd(m.costPerTaskUsd.p50)} p50 per task`],
      ['Tokens manager / workers', `${share(m.tokens.managerShare)} / ${share(m.tokens.workerShare)}`],
    ],
    ticketToPrMinutes: m.taskPoints.filter(t => t.ticketToPrSeconds !== null).map(t => t.ticketToPrSeconds / 60),
    failuresByRole: m.workerFailures.map(r => ({label: r.role, value: r.failures,
      title: `${r.role}: ${r.failures} failure(s) in ${r.attempts} attempt(s)` + (r.rate === null ? '' : ` (${share(r.rate)})`)
        + (r.failures ? ' — ' + Object.entries(r.reasons).map(([k, v]) => `${v}× ${k}`).join('; ') : '')})),
    costOverTime: m.taskPoints.map(t => ({x: new Date(t.submittedAt), y: t.costUsd, label: `${t.taskId} ${t.title || ''} (${t.status})`})),
  };
}

function round(v) {
  return v >= 10 ? Math.round(v) : Math.round(v * 10) / 10;
}

function metricsPage(params) {
  const since = h('input', {id: 'metrics-since', placeholder: 'since: 14d, 12h, 2w, 2030-01-01', value: params.get('since') || ''});
  const body = h('div', {id: 'metrics'}, h('p', {class: 'muted'}, 'Loading…'));
  app.replaceChildren(h('h1', {}, 'Metrics'),
    h('form', {class: 'filters', onsubmit: e => {
      e.preventDefault();
      location.hash = '#/metrics' + (since.value.trim() ? '?' + new URLSearchParams({since: since.value.trim()}) : '');
    }}, since, h('button', {type: 'submit', id: 'metrics-button'}, 'Show')),
    body);
  metricsSource(params.get('since')).then(m => body.replaceChildren(
    h('p', {class: 'muted', id: 'metrics-window'}, m.window),
    h('dl', {class: 'facts', id: 'metrics-figures'}, m.figures.map(([label, value]) => fact(label, String(value)))),
    h('section', {id: 'chart-ticket-to-pr'}, h('h2', {}, `Ticket → PR time (${m.ticketToPrMinutes.length} task(s), minutes)`),
      histogram(m.ticketToPrMinutes, {title: 'ticket to pull request, minutes', unit: ' min'})),
    h('section', {id: 'chart-failures'}, h('h2', {}, 'Worker failures by role'),
      barChart(m.failuresByRole, {title: 'failures by role', format: v => String(Math.round(v))})),
    h('section', {id: 'chart-cost'}, h('h2', {}, 'Cost per task over time'),
      timeChart(m.costOverTime, {title: 'cost per task (USD)', format: v => '$' + v.toFixed(3)}))))
    .catch(e => body.replaceChildren(errorBox(e)));
}

// ---- pilot report ----
const REPORT_PARAMS = ['since', 'baselineFrom', 'baselineUntil'];

/**
 * The one place the report comes from: GET /api/report (the figures `agentline report` prints and the CSV holds) for
 * the period `since` and the optional baseline period. The page only sees this shape.
 */
async function reportSource(params) {
  const query = new URLSearchParams();
  for (const name of REPORT_PARAMS) if (params.get(name)) query.set(name, params.get(name));
  const r = await getJson('/api/report' + (query.size ? '?' + query : ''));
  const a = r.agentline, b = r.human;
  const minutes = s => s / 60;
  return {
    window: `tasks submitted since ${time(r.from)} (${r.since})` + (r.baseline
      ? ` · baseline: human pull requests opened ${time(r.baseline.from)} – ${time(r.baseline.until)}`
        + (r.baseline.configured ? ` (${r.baseline.pullRequests})` : ' — no code host configured (agentline.audit.baseline.*)')
      : ''),
    hasBaseline: Boolean(b),
    csvUrl: '/api/report.csv' + (query.size ? '?' + query : ''),
    figures: r.figures,
    ticketToPrMinutes: r.pullRequests.filter(p => p.ticketToPrSeconds !== null).map(p => minutes(p.ticketToPrSeconds)),
    baselineReadyMinutes: r.baselinePullRequests.filter(p => p.readySeconds !== null).map(p => minutes(p.readySeconds)),
    perPr: [
      {label: 'comments · agentline', value: a.reviewCommentsPerPr ?? 0},
      b ? {label: 'comments · baseline', value: b.reviewCommentsPerPr ?? 0} : null,
      {label: 'CI failures · agentline', value: a.ciFailuresPerPr ?? 0},
      b ? {label: 'CI failures · baseline', value: b.ciFailuresPerPr ?? 0} : null,
    ].filter(Boolean),
    // a side none of whose pull requests has ended yet has no merge rate: no bar rather than 0 %
    mergeRate: [['agentline', a], ['baseline', b]].filter(([, side]) => side && side.mergeRate !== null)
      .map(([label, side]) => ({label, value: side.mergeRate * 100,
        title: `${label}: ${side.merged} merged, ${side.closed} closed, ${side.open} open`})),
    costPerMergedPr: a.costPerMergedPrUsd,
    prCosts: r.pullRequests.map(p => ({label: p.taskId, value: p.costUsd,
      title: `${p.taskId} ${p.title || ''}: ${usd(p.costUsd)}, ${p.outcome}, ${p.iterations} iteration(s)`})),
    misplanned: r.misplanning.tasks,
    workerFailures: r.workerFailures,
    takeovers: r.takeovers,
  };
}

function reportPage(params) {
  const inputs = {
    since: h('input', {id: 'report-since', placeholder: 'since: 28d, 2w, 2030-01-01', value: params.get('since') || ''}),
    baselineFrom: h('input', {id: 'report-baseline-from', placeholder: 'baseline from: 56d (optional)', value: params.get('baselineFrom') || ''}),
    baselineUntil: h('input', {id: 'report-baseline-until', placeholder: 'baseline until: 28d', value: params.get('baselineUntil') || ''}),
  };
  const body = h('div', {id: 'report'}, h('p', {class: 'muted'}, 'Loading…'));
  app.replaceChildren(h('h1', {}, 'Pilot report'),
    h('form', {class: 'filters', onsubmit: e => {
      e.preventDefault();
      const query = new URLSearchParams();
      for (const name of REPORT_PARAMS) if (inputs[name].value.trim()) query.set(name, inputs[name].value.trim());
      location.hash = '#/report' + (query.size ? '?' + query : '');
    }}, inputs.since, inputs.baselineFrom, inputs.baselineUntil, h('button', {type: 'submit', id: 'report-button'}, 'Show')),
    body);
  reportSource(params).then(r => body.replaceChildren(
    h('p', {class: 'muted', id: 'report-window'}, r.window, ' · ',
      h('a', {id: 'report-csv', href: r.csvUrl, download: 'agentline-report.csv'}, 'Download CSV')),
    h('table', {class: 'list figures', id: 'report-figures'},
      h('thead', {}, h('tr', {}, h('th', {}, 'Figure'), h('th', {}, 'agentline'), r.hasBaseline ? h('th', {}, 'baseline (human PRs)') : null)),
      h('tbody', {}, r.figures.map(f => h('tr', {dataset: {figure: f.key}},
        h('td', {}, f.label), h('td', {class: 'num'}, figure(f.agentline)),
        r.hasBaseline ? h('td', {class: 'num'}, figure(f.baseline)) : null)))),
    h('div', {class: 'charts'},
      h('section', {id: 'chart-report-ticket-to-pr'}, h('h2', {}, `Ticket → PR time, agentline (${r.ticketToPrMinutes.length} PR(s), minutes)`),
        histogram(r.ticketToPrMinutes, {title: 'agentline: ticket to pull request ready, minutes', unit: ' min'})),
      r.hasBaseline ? h('section', {id: 'chart-baseline-ready'},
        h('h2', {}, `First commit → PR time, baseline (${r.baselineReadyMinutes.length} PR(s), minutes)`),
        histogram(r.baselineReadyMinutes, {title: 'baseline: first commit to pull request ready, minutes', unit: ' min'})) : null,
      h('section', {id: 'chart-per-pr'}, h('h2', {}, 'Review comments and CI failures per PR'),
        barChart(r.perPr, {title: 'review comments and CI failures per pull request'})),
      h('section', {id: 'chart-merge-rate'}, h('h2', {}, 'Merge rate (merged / merged + closed), %'),
        barChart(r.mergeRate, {title: 'merge rate, percent', format: v => Math.round(v) + '%'})),
      h('section', {id: 'chart-pr-cost'}, h('h2', {}, `Cost per PR (per merged PR: ${r.costPerMergedPr === null ? '–' : usd(r.costPerMergedPr)})`),
        barChart(r.prCosts, {title: 'model cost of each pull request, USD', format: v => '$' + v.toFixed(3)}))),
    h('section', {id: 'report-misplanned'}, h('h2', {}, 'Where the manager mis-planned'),
      r.misplanned.length ? h('ul', {}, r.misplanned.map(t => h('li', {},
        h('a', {href: '#/tasks/' + encodeURIComponent(t.taskId), class: 'task-link'}, t.taskId), ` ${t.title || ''}: `,
        `${t.planRevisions} revision(s), ${t.planRejections} rejected plan(s)`)))
        : h('p', {class: 'muted'}, 'No plan was revised or rejected.')),
    h('section', {id: 'report-worker-failures'}, h('h2', {}, 'Worker roles by failures'),
      barChart(r.workerFailures.map(w => ({label: w.role, value: w.failures,
        title: `${w.role}: ${w.failures} failure(s) in ${w.attempts} attempt(s)` + (w.failures ? ' — '
          + Object.entries(w.reasons).map(([k, v]) => `${v}× ${k}`).join('; ') : '')})),
      {title: 'failures by worker role', format: v => String(Math.round(v * 10) / 10)})),
    h('section', {id: 'report-takeovers'}, h('h2', {}, 'Takeovers'),
      h('p', {}, `${r.takeovers.takeovers} takeover(s), ${r.takeovers.handbacks} hand-back(s)`,
        r.takeovers.tasks.length ? [': ', r.takeovers.tasks.map(id => h('a', {href: '#/tasks/' + encodeURIComponent(id), class: 'task-link'}, id + ' '))] : '')),
  )).catch(e => body.replaceChildren(errorBox(e)));
}

function figure(value) {
  if (value === null || value === undefined) return '–';
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10000) / 10000);
}

window.addEventListener('hashchange', route);
route();
