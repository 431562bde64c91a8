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

-- An article with two slips; the second line has em dashes before its slip, so a server that
-- counts columns in bytes rather than the negotiated encoding reports the wrong column.
local ARTICLE = {
  '# Council votes on new library',
  '',
  'The council approved the the plan on Tuesday after a long debate.',
  '',
  'Funding — as agreed in May — will come from an university grant.',
}

local function by_rule(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    expect(d.source == 'copydesk', 'diagnostic from an unexpected source: ' .. tostring(d.source))
    found[d.code] = d
  end
  return found
end

-- `text` on 0-based line `lnum` of the article, as byte columns (what vim.diagnostic uses).
local function span_of(lnum, text)
  local start = ARTICLE[lnum + 1]:find(text, 1, true)
  return start - 1, start - 1 + #text
end

local function expect_at(d, lnum, text)
  local col, end_col = span_of(lnum, text)
  local got = string.format('%d:%d-%d:%d', d.lnum, d.col, d.end_lnum, d.end_col)
  local want = string.format('%d:%d-%d:%d', lnum, col, lnum, end_col)
  expect(got == want, string.format('%s at %s, expected %s ("%s")', d.code, got, want, text))
end

-- Ask for the code actions at a diagnostic and apply its quick fix.
local function apply_quick_fix(client, buf, d)
  local lsp_diagnostic = d.user_data and d.user_data.lsp
  expect(lsp_diagnostic ~= nil, 'the diagnostic carries no LSP data')
  local response = client:request_sync('textDocument/codeAction', {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = lsp_diagnostic.range,
    context = { diagnostics = { lsp_diagnostic }, triggerKind = 1 },
  }, TIMEOUT_MS, buf)
  expect(response ~= nil, 'textDocument/codeAction timed out')
  expect(response.err == nil, 'textDocument/codeAction failed: ' .. vim.inspect(response.err))
  local quick_fixes = vim.tbl_filter(function(action)
    return action.kind ~= nil and vim.startswith(action.kind, 'quickfix')
  end, response.result or {})
  expect(#quick_fixes > 0, 'no quick fix offered for ' .. d.code .. ': ' .. vim.inspect(response.result))
  local action = quick_fixes[1]
  for _, candidate in ipairs(quick_fixes) do
    if candidate.isPreferred then
      action = candidate
      break
    end
  end
  say('applying "' .. action.title .. '"')
  if action.edit == nil and action.command == nil then
    local resolved = client:request_sync('codeAction/resolve', action, TIMEOUT_MS, buf)
    expect(resolved ~= nil and resolved.err == nil, 'codeAction/resolve failed')
    action = resolved.result
  end
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end
  if action.command then
    local command = type(action.command) == 'table' and action.command or action
    client:exec_cmd(command, { bufnr = buf })
  end
end

local function line(buf, lnum)
  return vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, true)[1]
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
  expect(client.root_dir == dir or vim.fn.resolve(client.root_dir or '') == vim.fn.resolve(dir),
    'root is ' .. tostring(client.root_dir) .. ', expected the folder with .copydesk.toml')
  say('attached: ' .. client.name .. ', ' .. client.offset_encoding)

  -- The settings may reach the server after its first lint: wait for the re-lint.
  wait_for('both diagnostics, article-a-an raised to an error by the settings', function()
    local found = by_rule(buf)
    return found['phrasing/doubled-word'] ~= nil
      and found['phrasing/article-a-an'] ~= nil
      and found['phrasing/article-a-an'].severity == vim.diagnostic.severity.ERROR
  end)
  say('diagnostics:\n' .. describe(buf))
  local found = by_rule(buf)
  expect(#vim.diagnostic.get(buf) == 2, 'expected exactly two diagnostics')
  expect_at(found['phrasing/doubled-word'], 2, 'the the')
  expect_at(found['phrasing/article-a-an'], 4, 'an university')
  expect(found['phrasing/doubled-word'].severity == vim.diagnostic.severity.WARN, 'doubled-word is not a warning')

  apply_quick_fix(client, buf, found['phrasing/doubled-word'])
  local fixed = 'The council approved the plan on Tuesday after a long debate.'
  wait_for('the doubled word to be fixed', function()
    return line(buf, 2) == fixed
  end)
  wait_for('diagnostics after the edit', function()
    local now = by_rule(buf)
    return now['phrasing/doubled-word'] == nil and now['phrasing/article-a-an'] ~= nil
  end)
  expect_at(by_rule(buf)['phrasing/article-a-an'], 4, 'an university')

  apply_quick_fix(client, buf, by_rule(buf)['phrasing/article-a-an'])
  wait_for('the article to be fixed', function()
    return line(buf, 4) == 'Funding — as agreed in May — will come from a university grant.'
  end)
  wait_for('no diagnostics left', function()
    return #vim.diagnostic.get(buf) == 0
  end)
  local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, true), '\n')
  local expected = table.concat(ARTICLE, '\n')
    :gsub('the the plan', 'the plan')
    :gsub('from an university', 'from a university')
  expect(text == expected, 'buffer after the fixes:\n' .. text)
  say('buffer after both quick fixes is as expected')
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
