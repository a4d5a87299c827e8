<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <location filename="../../advisor/gui/case_list.py" line="+97"/>
        <location line="+17"/>
        <source>(no name)</source>
        <translation>（未填姓名）</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Recent cases</source>
        <translation>最近的个案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cases are stored encrypted in this centre&apos;s case store.</source>
        <translation>个案加密保存在本中心的个案库中。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Case files opened or saved now</source>
        <translation>本次打开或保存的个案文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The case store is not available in this version: use Open and Save with case files (.json). Nothing is listed here after closing the app.</source>
        <translation>此版本尚未启用个案库：请用“打开”“保存”处理个案文件（.json）。关闭程序后这里不保留记录。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>All cities</source>
        <translation>全部城市</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show cases of one city</source>
        <translation>只看某个城市的个案</translation>
    </message>
    <message>
        <location line="-9"/>
        <location line="+10"/>
        <source>Cases</source>
        <translation>个案列表</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../advisor/gui/main_window.py" line="+402"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../advisor/gui/main_window.py" line="+0"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/case_actions.py" line="+221"/>
        <location line="+5"/>
        <location line="+2"/>
        <location filename="../../advisor/gui/case_list.py" line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/interview/pages.py" line="+207"/>
        <source>unknown</source>
        <translation>不清楚</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not asked yet</source>
        <translation>尚未回答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other problems in the answers</source>
        <translation>回答中的其他问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unknown facts that could change the results</source>
        <translation>可能改变结果的未知信息</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No answers yet.</source>
        <translation>还没有回答。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1 entries</source>
        <translation>%1 条</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>none</source>
        <translation>没有</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/interview/panel.py" line="+178"/>
        <source>Choose the city on page 1 first: the questions depend on it.</source>
        <translation>请先在第①步选择城市：要问的问题取决于城市。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The rules for this city and these needs ask nothing on this page.</source>
        <translation>按本市规则和所选需求，这一步没有需要问的问题。</translation>
    </message>
    <message>
        <location line="+122"/>
        <source>incomplete entry</source>
        <translation>未填完整</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next &gt;</source>
        <translation>下一步 &gt;</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/main_window.py" line="-182"/>
        <source>The rules could not be loaded</source>
        <translation>规则无法载入</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>Choose the city on page 1 to see results.</source>
        <translation>请在第①步选择城市，然后这里会显示结果。</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/case_actions.py" line="-190"/>
        <source>Unsaved answers</source>
        <translation>回答尚未保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The answers of this case are not saved. Save them first?</source>
        <translation>这个个案的回答还没有保存。先保存吗？</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>New case</source>
        <translation>新个案</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open a case file</source>
        <translation>打开个案文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+77"/>
        <source>Case files (*.json)</source>
        <translation>个案文件 (*.json)</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>The case file cannot be used</source>
        <translation>个案文件无法使用</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The case cannot be opened</source>
        <translation>个案无法打开</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opened the stored case</source>
        <translation>已打开个案</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+49"/>
        <location line="+30"/>
        <location filename="../../advisor/gui/letter_dialog.py" line="+545"/>
        <source>Not saved</source>
        <translation>没有保存</translation>
    </message>
    <message>
        <location line="-79"/>
        <location line="+145"/>
        <source>Choose the city first (page 1).</source>
        <translation>请先选择城市（第①步）。</translation>
    </message>
    <message>
        <location line="-138"/>
        <source>Some answers have problems</source>
        <translation>有些回答有问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These answers have problems and will be saved as &quot;unknown&quot;:</source>
        <translation>以下回答有问题，将按“不清楚”保存：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save anyway?</source>
        <translation>仍然保存吗？</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Save the case file</source>
        <translation>保存个案文件</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Not saved: the consents were not recorded</source>
        <translation>没有保存：未记录当事人同意</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Saved in the case store %1</source>
        <translation>已保存到个案库 %1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Deleting cases needs the case store, which is not open. Case files can be deleted in the file manager.</source>
        <translation>删除个案需要个案库，个案库现在没有打开。个案文件可在文件管理器中删除。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose a stored case in the list first.</source>
        <translation>请先在列表中选择一个个案。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete this case for good? This cannot be undone.</source>
        <translation>确定彻底删除这个个案吗？删除后无法恢复。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not deleted</source>
        <translation>没有删除</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The case was deleted</source>
        <translation>个案已删除</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+4"/>
        <location filename="../../advisor/gui/letter_dialog.py" line="+44"/>
        <source>Letter</source>
        <translation>信函</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Not saved yet: autosave needs the case store — use Save</source>
        <translation>尚未保存：自动保存需要个案库——请点“保存”</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Draft autosaved %1</source>
        <translation>草稿已自动保存 %1</translation>
    </message>
    <message>
        <location line="+31"/>
        <location line="+7"/>
        <source>Resume</source>
        <translation>恢复面谈</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Resume the unfinished interview of %1?</source>
        <translation>恢复 %1 未完成的面谈？</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/main_window.py" line="+83"/>
        <source>Rule pack</source>
        <translation>规则包</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+17"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location line="-21"/>
        <location line="+10"/>
        <source>Migrant Services Advisor</source>
        <translation>非本地户籍人员公共服务咨询助手</translation>
    </message>
    <message>
        <location line="-129"/>
        <source>Case store</source>
        <translation>个案库</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Case store open</source>
        <translation>个案库已打开</translation>
    </message>
    <message>
        <location line="+127"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Print letter</source>
        <translation>打印信函</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete case</source>
        <translation>删除个案</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Larger text</source>
        <translation>放大字号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Smaller text</source>
        <translation>缩小字号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What if ▶</source>
        <translation>假设分析 ▶</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Find a case</source>
        <translation>查找个案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next pane</source>
        <translation>切换到下一栏</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language / 语言</source>
        <translation>语言 / Language</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search name / last digits of ID…</source>
        <translation>搜索姓名/证件尾号…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search cases</source>
        <translation>搜索个案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loading the rules…</source>
        <translation>正在载入规则…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rule pack %1 · checked %2</source>
        <translation>规则包 %1 · 核对于 %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Rule pack loading…</source>
        <translation>规则包载入中…</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/results/cards.py" line="+42"/>
        <source>phone %1</source>
        <translation>电话 %1</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>To confirm</source>
        <translation>需要核实</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Find out (click to go to the question)</source>
        <translation>需要补充（点击跳到问题）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What would change this</source>
        <translation>什么会改变结果</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>try in what-if</source>
        <translation>在假设分析中试试</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ways to gain points</source>
        <translation>可以加分的办法</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Past cut-off scores (not official predictions)</source>
        <translation>往年分数线（不是官方预测）</translation>
    </message>
    <message>
        <location line="+3"/>
        <location filename="../../advisor/gui/users_admin.py" line="+320"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What to do</source>
        <translation>怎么办</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What to bring</source>
        <translation>要带的材料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where to go</source>
        <translation>去哪办</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>注意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sources</source>
        <translation>依据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rule checked on %1</source>
        <translation>规则核对于 %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Points, item by item</source>
        <translation>分项积分</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>Show why, what to bring, where to go and the sources</source>
        <translation>展开：原因 · 材料 · 去哪办 · 依据</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Not scored: %1</source>
        <translation>无法计分：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Total not known yet</source>
        <translation>总分暂时算不出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total %1</source>
        <translation>总分 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>last cut-off</source>
        <translation>上次分数线</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>standard score</source>
        <translation>标准分值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (%1)</source>
        <translation>（%1年）</translation>
    </message>
    <message>
        <location line="+3"/>
        <location filename="../../advisor/gui/results/chart.py" line="+132"/>
        <source>gap %1</source>
        <translation>差 %1 分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reached</source>
        <translation>已达到</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(some facts unknown: the real total may be higher or lower)</source>
        <translation>（部分信息不清楚，按0分计，实际可能更高也可能更低）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(some facts unknown: the real total may be lower)</source>
        <translation>（部分信息不清楚，按0分计，实际可能更低）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(some facts unknown: the real total may be higher)</source>
        <translation>（部分信息不清楚，按0分计，实际可能更高）</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/results/chart.py" line="-87"/>
        <source>Points chart</source>
        <translation>积分图</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>No points to draw yet.</source>
        <translation>暂时没有可画的分数。</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>total now</source>
        <translation>现在总分</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>if nothing changes</source>
        <translation>情况不变时的预计</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>past cut-offs (unofficial)</source>
        <translation>往年分数线（非官方）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>score to reach</source>
        <translation>要达到的分数</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/results/panel.py" line="+64"/>
        <source>Choose the city to see results.</source>
        <translation>选择城市后显示结果。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Working it out…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Up to date with the answers</source>
        <translation>已按最新回答更新</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>No options for these needs in this city.</source>
        <translation>按所选需求，本市暂无可显示的项目。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>rule pack %1</source>
        <translation>规则包 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>as of %1</source>
        <translation>评估日期 %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Results (update as you answer)</source>
        <translation>结果（随回答实时更新）</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/whatif.py" line="+204"/>
        <source>%1 more months of social insurance in this city</source>
        <translation>在本市多缴社保 %1 个月</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Diploma: %1</source>
        <translation>学历：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>with the degree</source>
        <translation>并有学位</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>There is no rented home in the answers to register a lease for.</source>
        <translation>回答中没有可登记租赁合同的租住房屋。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The lease is registered</source>
        <translation>租赁合同已登记备案</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type the district first.</source>
        <translation>请先填写区名。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Moving to %1</source>
        <translation>搬到 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>In %1 months</source>
        <translation>%1 个月以后</translation>
    </message>
    <message>
        <location line="+91"/>
        <location line="+5"/>
        <source>not shown</source>
        <translation>不显示</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 points</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(gap %1)</source>
        <translation>（差 %1 分）</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>What if…</source>
        <translation>假设分析</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try a change without touching the answers or the saved case. Changed results are highlighted.</source>
        <translation>试试某项情况改变后的结果，不会改动回答和已保存的个案。有变化的结果会高亮显示。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>What to change</source>
        <translation>改变什么</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+4"/>
        <source>More months</source>
        <translation>多缴几个月</translation>
    </message>
    <message>
        <location line="-4"/>
        <location line="+17"/>
        <source>Diploma</source>
        <translation>学历</translation>
    </message>
    <message>
        <location line="-17"/>
        <location line="+6"/>
        <source>District</source>
        <translation>所在区</translation>
    </message>
    <message>
        <location line="-6"/>
        <location line="+5"/>
        <source>Months from now</source>
        <translation>几个月以后</translation>
    </message>
    <message>
        <location line="-4"/>
        <location line="+6"/>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>New answer</source>
        <translation>新的回答</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>with the degree certificate</source>
        <translation>同时有学位证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every rented home in the answers gets a registered lease.</source>
        <translation>回答中的租住房屋都按已登记租赁合同计算。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Add this change</source>
        <translation>加上这项假设</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear all</source>
        <translation>全部清除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes tried</source>
        <translation>已加的假设</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Option</source>
        <translation>项目</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Now → with the changes</source>
        <translation>现在 → 假设后</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before and after</source>
        <translation>假设前后对比</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/login.py" line="+54"/>
        <location line="+14"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Log in with your own user name and password. Each worker sees the cases they made or that were assigned to them.</source>
        <translation>请用您自己的用户名和密码登录。每位工作人员只能看到自己建立的个案和分配给自己的个案。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Forgot the password? Use the recovery key…</source>
        <translation>忘记密码？用恢复密钥重设…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Work without the case store</source>
        <translation>暂不使用个案库</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The password must be changed before the case store can be used.</source>
        <translation>必须先修改密码，才能使用个案库。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Change your password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This account has a temporary password. Choose your own now (at least 10 characters).</source>
        <translation>此账户使用的是临时密码。请现在设置您自己的密码（至少 10 个字符）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a new password (at least 10 characters).</source>
        <translation>请设置新密码（至少 10 个字符）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+9"/>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <location line="-8"/>
        <location line="+9"/>
        <location line="+35"/>
        <location line="+10"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location line="-53"/>
        <location line="+9"/>
        <location line="+35"/>
        <location line="+10"/>
        <source>New password again</source>
        <translation>再输入一次新密码</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Reset a password with the recovery key</source>
        <translation>用恢复密钥重设密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type the recovery key printed when the centre was set up (dashes and spaces do not matter). Afterwards, an administrator should make a new recovery key.</source>
        <translation>请输入设置中心时打印的恢复密钥（短横线和空格可以不输）。重设之后，管理员应当生成一个新的恢复密钥。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+11"/>
        <location filename="../../advisor/gui/setup_wizard.py" line="+138"/>
        <location filename="../../advisor/gui/users_admin.py" line="-70"/>
        <source>Recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The two new passwords differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/store_dialogs.py" line="+42"/>
        <source>Consent before saving</source>
        <translation>保存前记录同意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before saving, ask the family and tick what they agreed to.</source>
        <translation>保存前请询问家庭，勾选他们同意的事项。</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+7"/>
        <source>Guardian&apos;s name</source>
        <translation>监护人姓名</translation>
    </message>
    <message>
        <location line="-6"/>
        <location line="+7"/>
        <source>Relation to the child</source>
        <translation>与孩子的关系</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/letter_dialog.py" line="-263"/>
        <source>Can do now</source>
        <translation>现在可以办</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Opens later</source>
        <translation>以后可以办</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To find out first</source>
        <translation>还需要弄清楚</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not possible for now</source>
        <translation>暂时办不了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Listed on page 1 under &quot;What is blocked for now&quot;, with the reason. Untick it to leave it out of the letter altogether.</source>
        <translation>已在第1页“暂时办不了”中列出，并写明原因。取消勾选会把它从信中完全去掉。</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>Building the letter…</source>
        <translation>正在生成信函…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The letter has %1 pages</source>
        <translation>信函共 %1 页</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The letter has 1 page</source>
        <translation>信函共 1 页</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The fonts cannot print these characters, so they would be blank on paper: %1. Check how they are written (often in a name), or write them in by hand after printing.</source>
        <translation>字体里没有这些字，打印出来会是空白：%1。请核对写法（多半是姓名用字），或打印后用笔补写。</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+107"/>
        <source>Characters that cannot be printed</source>
        <translation>有打印不出来的字</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>Go on anyway?</source>
        <translation>仍然继续吗？</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Guidance letter</source>
        <translation>办事建议信</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Print the letter</source>
        <translation>打印信函</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+5"/>
        <source>Not printed</source>
        <translation>没有打印</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>The printer could not be started. Check that it is switched on and connected, or save the letter as a PDF.</source>
        <translation>打印机无法启动。请检查打印机是否开机并已连接，或把信函保存为 PDF。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>letter-%1.pdf</source>
        <translation>信函-%1.pdf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the letter as PDF</source>
        <translation>把信函保存为 PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Letter printed (%1 pages).</source>
        <translation>信函已打印（%1 页）。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Letter saved as %2 (%1 pages).</source>
        <translation>信函已保存为 %2（%1 页）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Recorded with the stored case.</source>
        <translation>已记录在个案库的这个个案下。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Letter not recorded</source>
        <translation>信函没有记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not recorded: the case is not saved in the case store.</source>
        <translation>没有记录：这个个案还没有保存到个案库。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Not set up: a generic heading is printed</source>
        <translation>未设置：将打印通用抬头</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Letter for the family</source>
        <translation>给家庭的办事建议信</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Letter language</source>
        <translation>信函语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Options in the letter</source>
        <translation>信中包括的事项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All</source>
        <translation>全选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>None</source>
        <translation>全不选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Include every option</source>
        <translation>包括所有事项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Include no option</source>
        <translation>不包括任何事项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All are ticked: options not possible for now get no detail pages, only their reason on page 1, which the family should see. Untick an option to leave it out.</source>
        <translation>默认全部勾选：暂时办不了的事项没有详细页，只在第1页写明原因，家庭也需要知道。取消勾选的事项不会写进信里。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Note for the family (printed on page 1)</source>
        <translation>给家庭的附言（印在第1页）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note for the family</source>
        <translation>给家庭的附言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optional: a few words in plain language</source>
        <translation>可不填：用简单的话写几句</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+110"/>
        <source>Letterhead</source>
        <translation>信函抬头</translation>
    </message>
    <message>
        <location line="-109"/>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change the letterhead</source>
        <translation>更改信函抬头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Letter preview</source>
        <translation>信函预览</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../advisor/gui/setup_wizard.py" line="+5"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../advisor/gui/setup_wizard.py" line="+1"/>
        <source>Save as PDF…</source>
        <translation>保存为 PDF…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Choose the centre file</source>
        <translation>选择中心信息文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Centre files (*.toml *.json)</source>
        <translation>中心信息文件 (*.toml *.json)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Type the centre&apos;s details (used in both languages)</source>
        <translation>填写中心信息（中英文信函通用）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use a centre file (.toml or .json, with Chinese and English)</source>
        <translation>使用中心信息文件（.toml 或 .json，含中英文）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../advisor/gui/setup_wizard.py" line="-99"/>
        <location line="+4"/>
        <source>Centre name</source>
        <translation>中心名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opening hours</source>
        <translation>办公时间</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Centre file</source>
        <translation>中心信息文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/results/unlock.py" line="+108"/>
        <source>opens %1</source>
        <translation>可打开 %1 项</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>opens 1</source>
        <translation>可打开 1 项</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Next step that opens the most</source>
        <translation>最能打开选项的下一步</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Show or hide the steps and the options they open</source>
        <translation>显示或隐藏这些步骤及它们能打开的选项</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/idle_lock.py" line="+161"/>
        <location filename="../../advisor/gui/session_guard.py" line="+159"/>
        <location line="+84"/>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The screen was locked to protect the families&apos; information. %1, enter your password to go on where you were. Another worker may log in instead: then %1 is logged out, and the unsaved answers stay in %1&apos;s encrypted draft.</source>
        <translation>为保护服务对象的信息，屏幕已锁定。%1，请输入您的密码，继续刚才的工作。也可以由其他工作人员登录：那样 %1 会被退出，未保存的回答保留在 %1 的加密草稿中。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+2"/>
        <location filename="../../advisor/gui/login.py" line="-124"/>
        <location line="+13"/>
        <location line="+87"/>
        <location line="+10"/>
        <location filename="../../advisor/gui/setup_wizard.py" line="+33"/>
        <location line="+11"/>
        <location filename="../../advisor/gui/users_admin.py" line="-192"/>
        <location line="+13"/>
        <location line="+46"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="-1"/>
        <location line="+2"/>
        <location filename="../../advisor/gui/login.py" line="-109"/>
        <location line="+13"/>
        <location filename="../../advisor/gui/setup_wizard.py" line="-7"/>
        <location line="+9"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/session_guard.py" line="-155"/>
        <source>&amp;Account</source>
        <translation>账户(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lock now</source>
        <translation>立即锁定</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Log in…</source>
        <translation>登录…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change my password…</source>
        <translation>修改我的密码…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Accounts…</source>
        <translation>账户管理…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Share this case with workers…</source>
        <translation>与其他工作人员共享此个案…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audit log…</source>
        <translation>处理记录…</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>Unlocked</source>
        <translation>已解锁</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The work could not be restored</source>
        <translation>无法恢复刚才的工作</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Password changed</source>
        <translation>密码已修改</translation>
    </message>
    <message>
        <location line="+15"/>
        <location filename="../../advisor/gui/users_admin.py" line="+153"/>
        <source>Share the case with workers</source>
        <translation>与工作人员共享个案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a stored case first (or save this one in the case store).</source>
        <translation>请先打开个案库中的个案（或先把这个个案保存到个案库）。</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/setup_wizard.py" line="-56"/>
        <source>Set up this centre</source>
        <translation>设置本中心</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Families&apos; case files are kept encrypted on this PC. Each worker will log in with their own account. First, name the centre; next, create its first administrator.</source>
        <translation>服务对象的个案在本机加密保存。每位工作人员用自己的账户登录。先填写中心名称，再建立第一个管理员账户。</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+12"/>
        <source>Old centre passphrase</source>
        <translation>原来的中心密码</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>This case store was protected by one passphrase for the whole centre. Type it once more: the cases move to personal accounts, and the shared passphrase stops opening them.</source>
        <translation>这个个案库原来由全中心共用的一个密码保护。请再输入一次：个案将改由个人账户保护，共用密码从此不能再打开它们。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The first administrator</source>
        <translation>第一个管理员</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set up</source>
        <translation>完成设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The administrator adds, disables and resets the workers&apos; accounts, makes backups and manages rule packs. The password needs at least 10 characters.</source>
        <translation>管理员负责添加、停用和重设工作人员账户，备份个案库，管理规则包。密码至少需要 10 个字符。</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+9"/>
        <location filename="../../advisor/gui/users_admin.py" line="-209"/>
        <location line="+12"/>
        <location line="+44"/>
        <source>Name shown</source>
        <translation>显示的姓名</translation>
    </message>
    <message>
        <location line="-7"/>
        <location line="+9"/>
        <location filename="../../advisor/gui/users_admin.py" line="-50"/>
        <location line="+9"/>
        <source>Password again</source>
        <translation>再输入一次密码</translation>
    </message>
    <message>
        <location line="+14"/>
        <location filename="../../advisor/gui/users_admin.py" line="+15"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location line="+22"/>
        <location filename="../../advisor/gui/users_admin.py" line="+155"/>
        <source>The recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>If the administrator&apos;s password is ever forgotten, this key resets it — without it, the cases could not be read any more. Print it (or save it and print it), keep it locked away from this PC. It is shown only now.</source>
        <translation>如果忘记了管理员密码，可以用这个密钥重设密码；没有它，个案将再也无法读取。请打印出来（或保存后打印），锁好保管，不要放在这台电脑旁。它只显示这一次。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>I have printed or written down the recovery key and will keep it safe.</source>
        <translation>我已打印或抄下恢复密钥，并会妥善保管。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Save the recovery key</source>
        <translation>保存恢复密钥</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>First-run setup</source>
        <translation>首次设置</translation>
    </message>
    <message>
        <location filename="../../advisor/gui/users_admin.py" line="-196"/>
        <source>Add an account</source>
        <translation>添加账户</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+16"/>
        <location line="+9"/>
        <source>Temporary password</source>
        <translation>临时密码</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Enable the account</source>
        <translation>重新启用账户</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give the worker this temporary password in person; they choose their own at the first log-in. At least 10 characters.</source>
        <translation>请当面把临时密码告诉这位工作人员；他/她首次登录时要设置自己的密码。至少 10 个字符。</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+9"/>
        <location line="+43"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+8"/>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last log-in</source>
        <translation>上次登录</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disable / enable…</source>
        <translation>停用 / 启用…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temporary password…</source>
        <translation>设置临时密码…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Set role</source>
        <translation>设为此角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New recovery key…</source>
        <translation>生成新的恢复密钥…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Disable the account %1? It can no longer log in.</source>
        <translation>停用账户 %1？停用后不能再登录。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>New recovery key</source>
        <translation>新的恢复密钥</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Make a new recovery key? The old printed key stops working.</source>
        <translation>生成新的恢复密钥？原来打印的密钥将失效。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Print it or write it down now; it is shown only once.</source>
        <translation>请现在打印或抄下来；它只显示这一次。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Tick the workers who may open this case too.</source>
        <translation>勾选也可以打开此个案的工作人员。</translation>
    </message>
    <message>
        <location line="+46"/>
        <location line="+6"/>
        <source>Audit log</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Record</source>
        <translation>对象</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Detail</source>
        <translation>说明</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The audit log was altered at entries %1.</source>
        <translation>处理记录被改动过：第 %1 条。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The audit log is intact.</source>
        <translation>处理记录完整，未被改动。</translation>
    </message>
</context>
<context>
    <name>BoolEditor</name>
    <message>
        <location filename="../../advisor/gui/interview/fields.py" line="+320"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unknown</source>
        <translation>不清楚</translation>
    </message>
</context>
<context>
    <name>Choices</name>
    <message>
        <location filename="../../advisor/gui/interview/list_editors.py" line="+54"/>
        <source>employee (via employer)</source>
        <translation>职工社保（单位缴）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>flexible (self-paid)</source>
        <translation>灵活就业（个人缴）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>own home</source>
        <translation>自有住房</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rented</source>
        <translation>租房</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>employer dormitory</source>
        <translation>单位宿舍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>informal (no registered lease)</source>
        <translation>非正式住处（无登记租赁合同）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>with relatives or friends</source>
        <translation>借住亲友家</translation>
    </message>
</context>
<context>
    <name>Consent</name>
    <message>
        <location filename="../../advisor/gui/store_dialogs.py" line="-42"/>
        <source>The family was told the privacy notice (version %1) and agrees that the centre keeps their information to advise them.</source>
        <translation>已向家庭说明隐私告知书（%1 版），家庭同意本中心为提供咨询保存其个人信息。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Separate consent to keep the ID number (sensitive).</source>
        <translation>单独同意：保存身份证号（敏感个人信息）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Separate consent to keep health information, such as a pregnancy (sensitive).</source>
        <translation>单独同意：保存健康信息，如怀孕（敏感个人信息）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Separate consent to keep records of offences or detention (sensitive).</source>
        <translation>单独同意：保存违法犯罪或拘留记录（敏感个人信息）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A parent or guardian agrees for the children under 14.</source>
        <translation>不满14周岁孩子的父母或监护人同意。</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <location filename="../../advisor/gui/crash.py" line="+48"/>
        <source>Something went wrong</source>
        <translation>出了点问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last action did not finish. Your answers are still on the screen; please save them. If this keeps happening, tell the centre&apos;s administrator (the details are in the log file).</source>
        <translation>刚才的操作没有完成。您的回答还在屏幕上，请先保存。如果反复出现，请告诉中心的管理员（详细情况记在日志文件里）。</translation>
    </message>
</context>
<context>
    <name>EnumEditor</name>
    <message>
        <location filename="../../advisor/gui/interview/fields.py" line="-53"/>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
</context>
<context>
    <name>Interview</name>
    <message>
        <location filename="../../advisor/gui/interview/pages.py" line="-181"/>
        <source>City and what the family asks about</source>
        <translation>城市与需求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The applicant</source>
        <translation>申请人本人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Residence and permit</source>
        <translation>居住与居住证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Work and insurance</source>
        <translation>工作与社保</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Family and children</source>
        <translation>家庭与子女</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scheme-specific facts</source>
        <translation>补充信息（本市专门规定）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read back and check</source>
        <translation>读给家庭听，核对一遍</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>City &amp; needs</source>
        <translation>城市与需求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applicant</source>
        <translation>本人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Residence &amp; permit</source>
        <translation>居住与居住证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Work &amp; insurance</source>
        <translation>工作与社保</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Family &amp; children</source>
        <translation>家庭与子女</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More</source>
        <translation>补充</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check</source>
        <translation>核对</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What does the family ask about?</source>
        <translation>家庭想咨询哪些方面？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Date of this consultation</source>
        <translation>本次咨询日期</translation>
    </message>
</context>
<context>
    <name>ListEditors</name>
    <message>
        <location filename="../../advisor/gui/interview/list_editors.py" line="+12"/>
        <location line="+13"/>
        <source>From</source>
        <translation>开始</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>To (empty if still paying)</source>
        <translation>结束（仍在缴就空着）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where paid</source>
        <translation>在哪里缴</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Months paid afterwards (back-paid)</source>
        <translation>其中补缴的月数</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Kind of home</source>
        <translation>住房类型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To (empty if living there now)</source>
        <translation>结束（现在还住就空着）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lease registered with the authorities?</source>
        <translation>租赁合同是否登记备案？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>District</source>
        <translation>所在区</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Income tax paid</source>
        <translation>实际缴纳个税</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove: %1</source>
        <translation>删除：%1</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>None</source>
        <translation>没有</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entry %1</source>
        <translation>第 %1 条</translation>
    </message>
    <message>
        <location line="+160"/>
        <source>Add a period of social insurance</source>
        <translation>添加一段社保记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Never paid</source>
        <translation>从未缴过</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Period %1</source>
        <translation>第 %1 段</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add a home</source>
        <translation>添加一处住所</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No home in the city yet</source>
        <translation>本市还没有住所</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Home %1</source>
        <translation>住所 %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add a year</source>
        <translation>添加一年</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No income tax paid</source>
        <translation>没有缴过个税</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Year %1</source>
        <translation>第 %1 年</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add a child</source>
        <translation>添加一个孩子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No children</source>
        <translation>没有子女</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Child %1</source>
        <translation>孩子 %1</translation>
    </message>
</context>
<context>
    <name>MonthDateEdit</name>
    <message>
        <location filename="../../advisor/gui/interview/date_edit.py" line="+48"/>
        <location line="+8"/>
        <source>year</source>
        <translation>年</translation>
    </message>
    <message>
        <location line="-7"/>
        <location line="+7"/>
        <source>month</source>
        <translation>月</translation>
    </message>
    <message>
        <location line="-6"/>
        <location line="+7"/>
        <source>day</source>
        <translation>日</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>day (optional)</source>
        <translation>日（可不填）</translation>
    </message>
</context>
<context>
    <name>QuestionRow</name>
    <message>
        <location filename="../../advisor/gui/interview/rows.py" line="+75"/>
        <source>(sensitive)</source>
        <translation>（敏感信息）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask only if it matters for the family; it is stored encrypted.</source>
        <translation>只在对家庭有用时才问；保存时加密。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unknown</source>
        <translation>不清楚</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <location filename="../../advisor/gui/interview/fields.py" line="-242"/>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>yuan/month</source>
        <translation>元/月</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>m²</source>
        <translation>平方米</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>people</source>
        <translation>人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>years</source>
        <translation>年</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>months</source>
        <translation>个月</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>points</source>
        <translation>分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>years old</source>
        <translation>岁</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%</source>
        <translation>%</translation>
    </message>
</context>
<context>
    <name>WhatIf</name>
    <message>
        <location filename="../../advisor/gui/whatif.py" line="-360"/>
        <source>More months of social insurance in this city</source>
        <translation>在本市多缴几个月社保</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A (higher) diploma or degree</source>
        <translation>取得（更高的）学历或学位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The lease is registered</source>
        <translation>租赁合同已登记备案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moving to another district</source>
        <translation>搬到另一个区</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Some time passes</source>
        <translation>过一段时间以后</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another answer to a question</source>
        <translation>某个问题换一个回答</translation>
    </message>
</context>
</TS>
