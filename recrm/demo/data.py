"""The demo dataset: a Yangzhou developer's office with two projects, as plain data.

Everything here is static; ``recrm.demo.generator`` turns it into records. Names, companies,
addresses and permit numbers are invented, in the style of real ones.
"""

from recrm.core.roles import (
	BUYER_ROLE,
	CLUB_MANAGER,
	COST_AUDIT,
	CS_AGENT,
	CS_MANAGER,
	ENGINEERING,
	FINANCE,
	GENERAL_MANAGER,
	MERCHANT_ROLE,
	PROJECT_GM,
	SALES_ADVISOR,
	SALES_MANAGER,
	VP_CUSTOMER_SERVICE,
	VP_FINANCE,
)

PASSWORD = "recrm-demo"
EMAIL_DOMAIN = "recrm.demo"

# orientation premium in percent of the price per m²: south-facing sells dearer, east-west
# (西晒) cheaper; north-facing is the reference
ORIENTATION_PREMIUM = {
	"North-South": 3.0,
	"South": 2.5,
	"South-East": 2.0,
	"South-West": 1.5,
	"East": 0.5,
	"North": 0.0,
	"North-East": 0.0,
	"North-West": -0.5,
	"West": -1.0,
	"East-West": -1.0,
}

# one demo user per recrm role; ``project`` is the index of the project a user permission limits
# the user to (per-project access), None for company-wide users
USERS = [
	# the office's IT administrator: Frappe makes the first desk user of a set-up site a System
	# Manager unless one exists, which must not be a sales advisor
	{"email": "it.admin", "name": "郑凯", "role": "System Manager", "project": None},
	{"email": "advisor", "name": "王芳", "role": SALES_ADVISOR, "project": 0},
	{"email": "advisor.zhao", "name": "赵磊", "role": SALES_ADVISOR, "project": 0},
	{"email": "advisor.qian", "name": "钱晓燕", "role": SALES_ADVISOR, "project": 0},
	{"email": "advisor.sun", "name": "孙浩", "role": SALES_ADVISOR, "project": 1},
	{"email": "advisor.zhou", "name": "周雪", "role": SALES_ADVISOR, "project": 1},
	# one desk in English, the rest in Chinese as in a Chinese developer's office
	{"email": "sales.manager", "name": "李强", "role": SALES_MANAGER, "project": None, "language": "en"},
	{"email": "cs.agent", "name": "张敏", "role": CS_AGENT, "project": None},
	{"email": "cs.manager", "name": "刘洋", "role": CS_MANAGER, "project": None},
	{"email": "engineering", "name": "陈刚", "role": ENGINEERING, "project": None},
	{"email": "cost.audit", "name": "杨静", "role": COST_AUDIT, "project": None},
	{"email": "finance", "name": "赵丽", "role": FINANCE, "project": None},
	{"email": "vp.cs", "name": "黄伟", "role": VP_CUSTOMER_SERVICE, "project": None},
	{"email": "vp.finance", "name": "周娜", "role": VP_FINANCE, "project": None},
	{"email": "gm", "name": "吴建国", "role": GENERAL_MANAGER, "project": None},
	{"email": "project.gm", "name": "徐磊", "role": PROJECT_GM, "project": 0},
	{"email": "project.gm2", "name": "朱海峰", "role": PROJECT_GM, "project": 1},
	{"email": "club", "name": "孙婷", "role": CLUB_MANAGER, "project": None},
	{"email": "buyer", "name": "马俊", "role": BUYER_ROLE, "project": None},
	# the cashier of the first partner merchant (recrm/demo/club.py), on /merchant
	{"email": "merchant", "name": "何敏", "role": MERCHANT_ROLE, "project": None},
]


def apartment(code: str, name: str, rooms: tuple[int, int, int], gross: float, net: float, note: str) -> dict:
	bedrooms, living_rooms, bathrooms = rooms
	return {
		"type_code": code,
		"type_name": name,
		"kind": "Apartment",
		"bedrooms": bedrooms,
		"living_rooms": living_rooms,
		"bathrooms": bathrooms,
		"gross_area": gross,
		"net_area": net,
		"description": note,
	}


def parking(code: str, name: str, area: float, note: str) -> dict:
	return {
		"type_code": code,
		"type_name": name,
		"kind": "Parking Space",
		"gross_area": area,
		"net_area": area,
		"description": note,
	}


# In every building, ``stacks`` is the layout of a floor (unit type, orientation) by position and
# ``sales`` the share of its units in each status; the rest stays Available. Older buildings are
# mostly sold, the newest mostly on sale or held back before its launch (开盘前销控).
PROJECTS = [
	{
		"project_name": "曼乐广场",
		"status": "On Sale",
		"developer_company": "扬州曼乐置业有限公司",
		"presale_permit_number": "扬房预售证第2023047号",
		"gm": "project.gm",
		"city": "扬州市",
		"district": "邗江区",
		"address": "江苏省扬州市邗江区文昌西路与博物馆路交叉口东南侧",
		"skip_floor_numbers": "4, 13, 14",
		"description": "<p>曼乐广场位于扬州市邗江区文昌西路，毗邻明月湖与扬州博物馆，"
		"由三栋高层住宅和地下车库组成，1号楼已于2025年交付。</p>",
		"unit_types": [
			apartment("A1", "三室两厅两卫", (3, 2, 2), 118.0, 95.2, "南北通透，双阳台，主卧带卫"),
			apartment("B2", "两室两厅一卫", (2, 2, 1), 89.0, 71.3, "紧凑两房，适合首次置业"),
			apartment("C", "四室两厅两卫", (4, 2, 2), 143.0, 116.4, "边套大四房，270°景观阳台"),
			apartment("D", "三室两厅一卫", (3, 2, 1), 105.0, 84.6, "刚需三房，客厅朝南"),
			parking("CW", "标准车位", 12.5, "2.5 m × 5.0 m 标准车位"),
			parking("ZM", "子母车位", 25.0, "前后两个车位，限同一业主购买"),
		],
		"buildings": [
			{
				"building_number": "1",
				"building_name": "1号楼",
				"floors": 26,
				"base_price_per_sqm": 14800,
				"floor_premium_per_sqm": 40,
				"construction_stage": "Handed Over",
				"progress_percent": 100,
				"planned_handover_date": "2025-06-30",
				"stacks": [("C", "North-South"), ("B2", "South"), ("D", "North"), ("A1", "North-South")],
				"sales": {
					"Handed Over": 0.80,
					"Contracted": 0.08,
					"Subscribed": 0.02,
					"Reserved": 0.01,
					"Held": 0.01,
					"Not For Sale": 0.02,
				},
			},
			{
				"building_number": "2",
				"building_name": "2号楼",
				"floors": 32,
				"base_price_per_sqm": 15600,
				"floor_premium_per_sqm": 50,
				"construction_stage": "Completed",
				"progress_percent": 100,
				"planned_handover_date": "2026-09-30",
				"stacks": [
					("A1", "North-South"),
					("B2", "South"),
					("D", "East-West"),
					("D", "North"),
					("B2", "South"),
					("A1", "North-South"),
				],
				"sales": {
					"Contracted": 0.62,
					"Subscribed": 0.08,
					"Reserved": 0.03,
					"Held": 0.03,
					"Not For Sale": 0.02,
				},
			},
			{
				"building_number": "3",
				"building_name": "3号楼",
				"floors": 33,
				"base_price_per_sqm": 16400,
				"floor_premium_per_sqm": 60,
				"construction_stage": "Fit-out",
				"progress_percent": 85,
				"planned_handover_date": "2027-03-31",
				# two entrances (单元) of four homes each
				"stacks": [
					("C", "North-South"),
					("A1", "South"),
					("B2", "North"),
					("A1", "South-East"),
					("A1", "South-West"),
					("B2", "North"),
					("A1", "South"),
					("C", "North-South"),
				],
				"sales": {
					"Contracted": 0.38,
					"Subscribed": 0.10,
					"Reserved": 0.05,
					"Held": 0.06,
					"Not For Sale": 0.02,
				},
			},
			{
				"building_number": "G1",
				"building_name": "地下车库",
				"floors": 0,
				"basement_floors": 2,
				"numbering_pattern": "{floor}-{unit:03}",
				"base_price_per_sqm": 9000,
				"floor_premium_per_sqm": 0,
				"construction_stage": "Handed Over",
				"progress_percent": 100,
				"planned_handover_date": "2025-06-30",
				# spaces per basement floor, by unit type
				"parking": {"CW": 188, "ZM": 12},
				"sales": {
					"Handed Over": 0.18,
					"Contracted": 0.30,
					"Subscribed": 0.05,
					"Reserved": 0.03,
					"Held": 0.04,
					"Not For Sale": 0.06,
				},
			},
		],
	},
	{
		"project_name": "翠湖花园",
		"status": "On Sale",
		"developer_company": "扬州翠湖房地产开发有限公司",
		"presale_permit_number": "扬房预售证第2026018号",
		"gm": "project.gm2",
		"city": "扬州市",
		"district": "广陵区",
		"address": "江苏省扬州市广陵区运河东路与沙湾南路交叉口西北侧",
		"skip_floor_numbers": "",
		"description": "<p>翠湖花园临古运河而建，规划两栋高层住宅，2026年首次开盘。</p>",
		"unit_types": [
			apartment("A", "三室两厅一卫", (3, 2, 1), 98.0, 78.9, "紧凑三房，全明户型"),
			apartment("B", "三室两厅两卫", (3, 2, 2), 125.0, 100.8, "舒适三房，南向双卧"),
			apartment("C", "四室两厅两卫", (4, 2, 2), 139.0, 112.1, "改善四房，观湖阳台"),
			apartment("E", "两室两厅一卫", (2, 2, 1), 86.0, 69.2, "小两房，适合年轻家庭"),
			apartment("F", "四室两厅三卫", (4, 2, 3), 168.0, 136.5, "大平层，双套房设计"),
		],
		"buildings": [
			{
				"building_number": "1",
				"building_name": "1号楼",
				"floors": 34,
				"base_price_per_sqm": 17200,
				"floor_premium_per_sqm": 70,
				"construction_stage": "Structure",
				"progress_percent": 55,
				"planned_handover_date": "2027-12-31",
				"stacks": [
					("F", "North-South"),
					("B", "South"),
					("E", "North"),
					("A", "East-West"),
					("A", "East-West"),
					("E", "North"),
					("B", "South"),
					("F", "North-South"),
				],
				"sales": {
					"Contracted": 0.18,
					"Subscribed": 0.10,
					"Reserved": 0.06,
					"Held": 0.08,
					"Not For Sale": 0.02,
				},
			},
			{
				"building_number": "2",
				"building_name": "2号楼",
				"floors": 33,
				"base_price_per_sqm": 17800,
				"floor_premium_per_sqm": 80,
				"construction_stage": "Foundation",
				"progress_percent": 15,
				"planned_handover_date": "2028-10-31",
				"stacks": [
					("C", "North-South"),
					("A", "South"),
					("E", "North-West"),
					("B", "South-East"),
					("B", "South-West"),
					("E", "North-East"),
					("A", "South"),
					("C", "North-South"),
				],
				"sales": {"Subscribed": 0.04, "Reserved": 0.05, "Held": 0.15, "Not For Sale": 0.03},
			},
		],
	},
]

# parking: spaces next to the lift lobbies sell dearer, tandem spaces cheaper per m²
PARKING_PREMIUM = {"near_lift": 5.0, "standard": 0.0, "tandem": -20.0}
PARKING_LIFT_EVERY = 25  # a lift lobby every 25 spaces; the 3 spaces after it are "near the lift"

# how each status is reached from Available, and why (reasons are kept in the unit's history)
PATHS = {
	"Reserved": ["Reserved"],
	"Subscribed": ["Subscribed"],
	"Contracted": ["Subscribed", "Contracted"],
	"Handed Over": ["Subscribed", "Contracted", "Handed Over"],
	"Held": ["Held"],
	"Not For Sale": ["Not For Sale"],
}
REASONS = {
	"Reserved": "示例数据：客户交小定，预留房源",
	"Subscribed": "示例数据：认购",
	"Contracted": "示例数据：签约",
	"Handed Over": "示例数据：交付",
	"Held": "开盘前销控",
	"Not For Sale": "示例数据：样板间，暂不销售",
}
PARKING_REASONS = {"Not For Sale": "示例数据：人防车位，暂不销售"}
# who makes each move, by USERS email prefix (the history shows a person, not Administrator)
ACTORS = {
	"Reserved": "advisor",
	"Subscribed": "advisor",
	"Contracted": "advisor",
	"Handed Over": "cs.agent",
	"Held": "sales.manager",
	"Not For Sale": "sales.manager",
}

# ---- the customer file ----------------------------------------------------------------------

CUSTOMERS = 3000  # at scale 1
# where buyers come from (来源渠道): name, kind, share of first visits
CHANNELS = [
	("扬州晚报", "Newspaper", 0.08),
	("户外广告牌", "Outdoor", 0.07),
	("房天下", "Online Portal", 0.14),
	("安居客", "Online Portal", 0.12),
	("老带新", "Referral", 0.16),
	("自然来访", "Walk-in", 0.22),
	("周末暖场活动", "Event", 0.09),
	("链家", "Agency", 0.12),
]
# campaigns per project index: name, channel, days ago it started, length in days, spend (yuan)
CAMPAIGNS = [
	(0, "曼乐广场春季开盘", "扬州晚报", 330, 30, 180000),
	(0, "曼乐广场户外大牌", "户外广告牌", 300, 180, 420000),
	(0, "曼乐广场房天下专题", "房天下", 240, 90, 150000),
	(0, "曼乐广场金秋暖场", "周末暖场活动", 80, 14, 65000),
	(1, "翠湖花园首开", "安居客", 200, 60, 120000),
	(1, "翠湖花园中介分销", "链家", 150, 120, 260000),
	(1, "翠湖花园亲子嘉年华", "周末暖场活动", 45, 3, 48000),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN_NAMES = (
	"伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚 桂英 建华 文 华 金凤 志强 "
	"海燕 玉兰 晓东 雪梅 子涵 浩然 梓萱 思远 一鸣 欣怡 宇轩 佳琪 俊杰 晨曦 雨桐 建国 丽娟 春燕 国强 "
	"红梅 新民 立新 晓燕 家豪 婷婷 亮 鹏 斌 琳 倩 颖 慧 瑶 博 凯 帆 蕾 悦 彤"
).split()
MOBILE_PREFIXES = (
	"130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 177 180 181 "
	"182 183 185 186 187 188 189 191 198 199"
).split()
LANDLINE_AREA = "0514"  # Yangzhou
DISTRICTS = ["邗江区", "广陵区", "江都区", "仪征市", "高邮市", "宝应县", "经济开发区", "生态科技新城"]
WORK_DISTRICTS = ["文昌路商圈", "扬州经济开发区", "广陵新城", "江都城区", "南京", "上海", "苏州", "邗江区"]
OCCUPATIONS = [
	"教师",
	"医生",
	"公务员",
	"企业职员",
	"个体经营",
	"工程师",
	"销售经理",
	"护士",
	"会计",
	"私营业主",
	"退休",
	"自由职业",
	"银行职员",
	"程序员",
	"律师",
	"外企管理",
]
# what the advisor wrote down after the first visit
IMPRESSIONS = [
	"夫妻一起来，关注学区，预算偏紧。",
	"看重南北通透和楼层，对价格不太敏感。",
	"带父母来看，想要三代同住的大户型。",
	"投资客，问了租金回报和周边规划。",
	"第一次置业，对首付比例问得很细。",
	"改善需求，现住老小区没有电梯。",
	"在上海工作，给父母买房，周末才能来。",
	"比较了附近两个楼盘，觉得我们的绿化更好。",
	"关注交付时间，孩子明年上小学。",
	"朋友介绍来的，对物业服务很在意。",
]
OUTCOMES = {
	"Visit": ["参观样板间，对A1户型感兴趣", "看了沙盘和样板间，回去和家人商量", "重点看了高楼层，要求优惠"],
	"Site Visit": ["陪同看工地现场，对施工质量满意", "看了实体楼栋，关注采光"],
	"Incoming Call": ["来电咨询价格和户型", "来电询问开盘时间", "咨询贷款首付比例"],
	"Outgoing Call": ["回访，客户仍在比较", "电话邀约周末到访", "告知新的优惠政策"],
	"WeChat": ["微信发送户型图和价格表", "微信沟通车位价格", "发送工程进度照片"],
	"E-mail": ["发送项目电子楼书"],
	"SMS": ["短信通知开盘活动"],
	"Event": ["参加周末暖场活动，带孩子做手工", "参加开盘活动，抽到物业费券"],
}
FOLLOW_UP_ACTIONS = [
	"电话回访，确认是否再次到访",
	"微信发送最新价格表",
	"邀约周末看样板间",
	"确认贷款预审结果",
	"邀请参加下次暖场活动",
]
