-- End-to-end test of editors/nvim/copydesk.lua against a real `copydesk --stdio`.
-- Run by run.sh as: nvim --headless --clean -c 'luafile e2e.lua', with
--   COPYDESK          the copydesk binary
--   COPYDESK_NVIM_CFG editors/nvim/copydesk.lua
--   COPYDESK_E2E_DIR  an empty scratch directory
-- Exits 0 when every step passed, 1 on the first failure or timeout.

local TIMEOUT_MS = 20000

local function say(msg)
  io.stdout:write(msg .. '\n')
end

local function fail(msg)
  error(msg, 0)
end

local function expect(cond, msg)
  if not cond then
    fail(msg)
  end
end

local function describe(buf)
  local lines = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(lines, string.format('  %s %d:%d-%d:%d %s', d.code, d.lnum, d.col, d.end_lnum, d.end_col, d.message))
  end
  return table.concat(lines, '\n')
end

-- Set when the server process ends, so that a crash fails at once rather than at a timeout.
local server_exit = nil

local function wait_for(what, pred)
  local done = vim.wait(TIMEOUT_MS, function()
    return server_exit ~= nil or pred()
  end, 50)
  if server_exit ~= nil then
    fail('copydesk exited (code ' .. server_exit .. ') while waiting for ' .. what)
  end
  if not done then
    fail('timed out after ' .. TIMEOUT_MS .. ' ms waiting for ' .. what .. '; diagnostics now:\n' .. describe(0))
  end
end

-- An article with three slips; the last line has em dashes before its slips, so a server
-- that counts columns in bytes rather than the negotiated encoding reports wrong columns.
local ARTICLE = {
  '# Council votes on new library',
  '',
  'The council approved the the plan on Tuesday after a long debate.',
  '',
  'Funding — as agreed in May — will come from an university grant and and local donors.',
}

-- The diagnostic of `rule` on 0-based line `lnum`, if any.
local function find(buf, rule, lnum)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    expect(d.source == 'copydesk', 'diagnostic from an unexpected source: ' .. tostring(d.source))
    if d.code == rule and d.lnum == lnum then
      return d
    end
  end
  return nil
end

-- Expect a finding of `rule` exactly over `text` on 0-based line `lnum`, in byte columns
-- (what vim.diagnostic holds once Neovim has converted from the negotiated encoding).
local function expect_at(buf, rule, lnum, text)
  local d = find(buf, rule, lnum)
  expect(d ~= nil, 'no ' .. rule .. ' on line ' .. lnum .. ':\n' .. describe(buf))
  local start = ARTICLE[lnum + 1]:find(text, 1, true) - 1
  local got = string.format('%d:%d-%d:%d', d.lnum, d.col, d.end_lnum, d.end_col)
  local want = string.format('%d:%d-%d:%d', lnum, start, lnum, start + #text)
  expect(got == want, string.format('%s at %s, expected %s ("%s")', rule, got, want, text))
  return d
end

local function request(client, buf, method, params)
  local response = client:request_sync(method, params, TIMEOUT_MS, buf)
  expect(response ~= nil, method .. ' timed out')
  expect(response.err == nil, method .. ' failed: ' .. vim.inspect(response.err))
  return response.result
end

-- The code actions of a kind (prefix) offered over `range` for `diagnostics`.
local function code_actions(client, buf, range, diagnostics, kind)
  local actions = request(client, buf, 'textDocument/codeAction', {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = range,
    context = { diagnostics = diagnostics, only = { kind }, triggerKind = 1 },
  }) or {}
  return vim.tbl_filter(function(action)
    return action.kind ~= nil and vim.startswith(action.kind, kind)
  end, actions)
end

-- Apply a code action as Neovim's code_action() does: resolve it if needed, apply its
-- edit, run its command.
local function apply(client, buf, action)
  say('applying "' .. action.title .. '"')
  if action.edit == nil and action.command == nil then
    action = request(client, buf, 'codeAction/resolve', action)
  end
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end
  if action.command then
    local command = type(action.command) == 'table' and action.command or action
    client:exec_cmd(command, { bufnr = buf })
  end
end

-- The quick fix the user would take at a diagnostic: the preferred one, else the first.
local function quick_fix(client, buf, d)
  local lsp_diagnostic = d.user_data and d.user_data.lsp
  expect(lsp_diagnostic ~= nil, 'the diagnostic carries no LSP data')
  local fixes = code_actions(client, buf, lsp_diagnostic.range, { lsp_diagnostic }, 'quickfix')
  expect(#fixes > 0, 'no quick fix offered for ' .. d.code)
  for _, action in ipairs(fixes) do
    if action.isPreferred then
      return action
    end
  end
  return fixes[1]
end

local function lines(buf)
  return vim.api.nvim_buf_get_lines(buf, 0, -1, true)
end

local function run()
  local dir = assert(os.getenv('COPYDESK_E2E_DIR'), 'COPYDESK_E2E_DIR is not set')
  dofile(assert(os.getenv('COPYDESK_NVIM_CFG'), 'COPYDESK_NVIM_CFG is not set'))
  -- The shipped config with the binary under test, and one rule raised through settings.
  vim.lsp.config('copydesk', {
    cmd = { assert(os.getenv('COPYDESK'), 'COPYDESK is not set'), '--stdio' },
    settings = { copydesk = { rules = { ['phrasing/article-a-an'] = 'error' } } },
    on_exit = function(code)
      server_exit = code
    end,
  })

  vim.fn.writefile({ '' }, dir .. '/.copydesk.toml')
  local path = dir .. '/article.md'
  vim.fn.writefile(ARTICLE, path)
  vim.cmd.edit(vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  expect(vim.bo[buf].filetype == 'markdown', 'filetype is ' .. vim.bo[buf].filetype)

  local client
  wait_for('copydesk to attach', function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'copydesk' })[1]
    return client ~= nil and client.initialized
  end)
  expect(vim.fn.resolve(client.root_dir or '') == vim.fn.resolve(dir),
    'root is ' .. tostring(client.root_dir) .. ', expected the folder with .copydesk.toml')
  say('attached: ' .. client.name .. ', ' .. client.offset_encoding)

  -- The settings may reach the server after its first lint: wait for the re-lint.
  wait_for('three diagnostics, article-a-an raised to an error by the settings', function()
    local article = find(buf, 'phrasing/article-a-an', 4)
    return #vim.diagnostic.get(buf) == 3 and article ~= nil and article.severity == vim.diagnostic.severity.ERROR
  end)
  say('diagnostics:\n' .. describe(buf))
  local doubled = expect_at(buf, 'phrasing/doubled-word', 2, 'the the')
  expect(doubled.severity == vim.diagnostic.severity.WARN, 'doubled-word is not a warning')
  expect_at(buf, 'phrasing/doubled-word', 4, 'and and')
  expect_at(buf, 'phrasing/article-a-an', 4, 'an university')

  -- Hover on the finding explains it.
  local hover = request(client, buf, 'textDocument/hover', {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    position = doubled.user_data.lsp.range.start,
  })
  local hover_text = hover and hover.contents and (hover.contents.value or vim.inspect(hover.contents)) or ''
  expect(hover_text:find('phrasing/doubled-word', 1, true) and hover_text:find(doubled.message, 1, true),
    'hover does not name the rule and its message: ' .. hover_text)

  -- Settings changed while the server runs (what the VS Code extension pushes on every
  -- change) re-lint the open document; restoring them brings the findings back.
  local function configure(rules)
    client:notify('workspace/didChangeConfiguration', { settings = { copydesk = { rules = rules } } })
  end
  configure({ ['phrasing/article-a-an'] = 'error', ['phrasing/doubled-word'] = 'off' })
  wait_for('doubled-word to be switched off', function()
    return #vim.diagnostic.get(buf) == 1 and find(buf, 'phrasing/article-a-an', 4) ~= nil
  end)
  configure({ ['phrasing/article-a-an'] = 'error' })
  wait_for('doubled-word to be back', function()
    return #vim.diagnostic.get(buf) == 3
  end)
  doubled = expect_at(buf, 'phrasing/doubled-word', 2, 'the the')

  -- One quick fix at one finding touches that finding only.
  apply(client, buf, quick_fix(client, buf, doubled))
  local after_quick_fix = vim.deepcopy(ARTICLE)
  after_quick_fix[3] = 'The council approved the plan on Tuesday after a long debate.'
  wait_for('the doubled word to be fixed', function()
    return vim.deep_equal(lines(buf), after_quick_fix)
  end)
  wait_for('diagnostics after the edit', function()
    return #vim.diagnostic.get(buf) == 2 and find(buf, 'phrasing/doubled-word', 2) == nil
  end)
  expect_at(buf, 'phrasing/article-a-an', 4, 'an university')

  -- "Fix all" takes the rest at once.
  local fix_all = code_actions(client, buf, doubled.user_data.lsp.range, {}, 'source.fixAll')
  expect(#fix_all == 1, 'expected one fix-all action, got ' .. vim.inspect(fix_all))
  apply(client, buf, fix_all[1])
  local fixed = vim.deepcopy(after_quick_fix)
  fixed[5] = 'Funding — as agreed in May — will come from a university grant and local donors.'
  wait_for('fix-all to rewrite the last line', function()
    return vim.deep_equal(lines(buf), fixed)
  end)
  wait_for('no diagnostics left', function()
    return #vim.diagnostic.get(buf) == 0
  end)
  say('buffer after the quick fix and fix-all is as expected')
end

local ok, err = xpcall(run, debug.traceback)
if ok then
  say('nvim e2e: 1 passed, 0 failed')
  vim.cmd('qall!')
else
  say('FAIL: ' .. tostring(err))
  say('nvim e2e: 0 passed, 1 failed')
  vim.cmd('cquit! 1')
end
